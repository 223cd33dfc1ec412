import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { groupFits, proposeServices, type ServiceOffer, type SupportNeeds } from './matching.js';

const service = (id: string, over: Partial<ServiceOffer> = {}): ServiceOffer => ({
  id, kind: 'accommodation', clientGroup: 'anyone', regions: ['london'], exploitationTypes: ['sexual', 'labour', 'domestic_servitude', 'criminal'],
  languages: ['en'], places: 10, placesTaken: 0, active: true, ...over,
});
const woman: SupportNeeds = { gender: 'female', exploitationTypes: ['sexual'], region: 'london', languages: ['ro'], supportNeeds: [] };
const ids = (needs: SupportNeeds, services: ServiceOffer[]) => proposeServices(needs, services).map((m) => m.service.id);

describe('proposing support services', () => {
  it('proposes only services with a free place', () => {
    assert.deepEqual(ids(woman, [service('full', { places: 5, placesTaken: 5 }), service('free', { places: 5, placesTaken: 4 })]), ['free']);
    assert.deepEqual(ids(woman, [service('none', { places: 0 })]), []);
  });

  it('never proposes an inactive service', () => {
    assert.deepEqual(ids(woman, [service('closed', { active: false })]), []);
  });

  it('matches the client group to the person’s gender', () => {
    const services = [service('women', { clientGroup: 'women' }), service('men', { clientGroup: 'men' }), service('families', { clientGroup: 'families' })];
    assert.deepEqual(ids(woman, services).sort(), ['families', 'women']);
    assert.deepEqual(ids({ ...woman, gender: 'male' }, services).sort(), ['families', 'men']);
    assert.equal(groupFits('women', 'other'), false);
    assert.equal(groupFits('anyone', 'other'), true);
  });

  it('needs at least one of the person’s types of exploitation, unless they are not known', () => {
    const labourOnly = service('labour', { exploitationTypes: ['labour'] });
    assert.deepEqual(ids(woman, [labourOnly]), []);
    assert.deepEqual(ids({ ...woman, exploitationTypes: ['sexual', 'labour'] }, [labourOnly]), ['labour']);
    assert.deepEqual(ids({ ...woman, exploitationTypes: ['not_specified'] }, [labourOnly]), ['labour']);
  });

  it('urgent safety: accommodation only', () => {
    const services = [service('outreach', { kind: 'outreach' }), service('refuge')];
    assert.deepEqual(ids({ ...woman, supportNeeds: ['urgent_safety'] }, services), ['refuge']);
    assert.deepEqual(ids(woman, services).sort(), ['outreach', 'refuge']);
  });

  it('ranks the person’s region first, then their language, then the kind asked for, then free places', () => {
    const services = [
      service('elsewhere-speaks', { regions: ['yorkshire_humber'], languages: ['ro'] }),
      service('london-english', { regions: ['london'], languages: ['en'] }),
      service('london-speaks', { regions: ['london'], languages: ['en', 'ro'] }),
      service('london-outreach-speaks', { kind: 'outreach', regions: ['london'], languages: ['ro'] }),
    ];
    assert.deepEqual(ids({ ...woman, supportNeeds: ['accommodation'] }, services), ['london-speaks', 'london-outreach-speaks', 'london-english', 'elsewhere-speaks']);
    assert.deepEqual(ids({ ...woman, supportNeeds: ['outreach'] }, services), ['london-outreach-speaks', 'london-speaks', 'london-english', 'elsewhere-speaks']);
    const roomier = [service('a', { places: 10, placesTaken: 9 }), service('b', { places: 10, placesTaken: 2 })];
    assert.deepEqual(ids(woman, roomier), ['b', 'a']);
  });

  it('says why each service was proposed', () => {
    const [match] = proposeServices({ ...woman, supportNeeds: ['accommodation'] }, [service('x', { languages: ['ro'], places: 3, placesTaken: 1 })]);
    assert.deepEqual({ inRegion: match!.inRegion, speaksLanguage: match!.speaksLanguage, kindAsked: match!.kindAsked, freePlaces: match!.freePlaces }, { inRegion: true, speaksLanguage: true, kindAsked: true, freePlaces: 2 });
  });

  it('without a region, ranks by the other needs', () => {
    assert.deepEqual(ids({ ...woman, region: null }, [service('en'), service('ro', { languages: ['ro'] })]), ['ro', 'en']);
  });
});
