/**
 * The offences a prosecution outcome may name, with the day each came into force (2009 plan, chapter 2:
 * the prosecution service's outcomes linked to victims). An offence cannot be charged before it existed.
 * A repealed offence can still be charged after its repeal for conduct before it, so repeal is recorded
 * for the reader and refuses nothing.
 */
export interface OffenceDefinition {
  readonly act: string;
  readonly section: string;
  readonly title: string;
  /** UK date the offence came into force. */
  readonly inForceFrom: string;
  readonly repealed?: string;
}

export const offences = {
  soa2003_s57: {
    act: 'Sexual Offences Act 2003', section: 's57', title: 'Trafficking into the UK for sexual exploitation',
    inForceFrom: '2004-05-01', repealed: 'Repealed by 2016 (Modern Slavery Act 2015; Northern Ireland Act 2015)',
  },
  soa2003_s58: {
    act: 'Sexual Offences Act 2003', section: 's58', title: 'Trafficking within the UK for sexual exploitation',
    inForceFrom: '2004-05-01', repealed: 'Repealed by 2016 (Modern Slavery Act 2015; Northern Ireland Act 2015)',
  },
  soa2003_s59: {
    act: 'Sexual Offences Act 2003', section: 's59', title: 'Trafficking out of the UK for sexual exploitation',
    inForceFrom: '2004-05-01', repealed: 'Repealed by 2016 (Modern Slavery Act 2015; Northern Ireland Act 2015)',
  },
  // Inserted by the Protection of Freedoms Act 2012, s109, from 6 April 2013.
  soa2003_s59a: {
    act: 'Sexual Offences Act 2003', section: 's59A', title: 'Trafficking people for sexual exploitation',
    inForceFrom: '2013-04-06', repealed: 'Repealed by 2016 (Modern Slavery Act 2015; Northern Ireland Act 2015)',
  },
  aitca2004_s4: {
    act: 'Asylum and Immigration (Treatment of Claimants, etc.) Act 2004', section: 's4', title: 'Trafficking people for exploitation',
    inForceFrom: '2004-12-01', repealed: 'Repealed by 2016 (Scotland: 31 May 2016)',
  },
  cja2009_s71: {
    act: 'Coroners and Justice Act 2009', section: 's71', title: 'Slavery, servitude and forced or compulsory labour',
    inForceFrom: '2010-04-06',
  },
  msa2015_s1: {
    act: 'Modern Slavery Act 2015', section: 's1', title: 'Slavery, servitude and forced or compulsory labour',
    inForceFrom: '2015-07-31',
  },
  msa2015_s2: {
    act: 'Modern Slavery Act 2015', section: 's2', title: 'Human trafficking',
    inForceFrom: '2015-07-31',
  },
  htesa2015_s1: {
    act: 'Human Trafficking and Exploitation (Scotland) Act 2015', section: 's1', title: 'Human trafficking',
    inForceFrom: '2016-05-31',
  },
  htesa2015_s4: {
    act: 'Human Trafficking and Exploitation (Scotland) Act 2015', section: 's4', title: 'Slavery, servitude and forced or compulsory labour',
    inForceFrom: '2016-05-31',
  },
  // In operation the day after Royal Assent (13 January 2015).
  hteni2015_s1: {
    act: 'Human Trafficking and Exploitation (Criminal Justice and Support for Victims) Act (Northern Ireland) 2015', section: 's1',
    title: 'Slavery, servitude and forced or compulsory labour', inForceFrom: '2015-01-14',
  },
  hteni2015_s2: {
    act: 'Human Trafficking and Exploitation (Criminal Justice and Support for Victims) Act (Northern Ireland) 2015', section: 's2',
    title: 'Human trafficking', inForceFrom: '2015-01-14',
  },
} as const satisfies Record<string, OffenceDefinition>;

export type OffenceCode = keyof typeof offences;
export const offenceCodes = Object.keys(offences) as [OffenceCode, ...OffenceCode[]];

/** "Modern Slavery Act 2015 s2 (human trafficking)" */
export function offenceLabel(code: string): string {
  const o = (offences as Record<string, OffenceDefinition>)[code];
  return o ? `${o.act} ${o.section} (${o.title.charAt(0).toLowerCase()}${o.title.slice(1)})` : code;
}

/** Whether the offence existed on the day it was charged (both UK dates, YYYY-MM-DD). */
export function inForceOn(code: OffenceCode, chargedOn: string): boolean {
  return chargedOn >= offences[code].inForceFrom;
}

/** The refusal for an offence charged before it existed, or undefined when it was in force. */
export function notInForceMessage(code: OffenceCode, chargedOn: string): string | undefined {
  if (inForceOn(code, chargedOn)) return undefined;
  const o = offences[code];
  return `${o.act} ${o.section} was not in force on ${chargedOn}, the day charged: it came into force on ${o.inForceFrom}`;
}
