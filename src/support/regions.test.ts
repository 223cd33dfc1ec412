import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultRegion, nationOfRegion, regionCodes, regionLabel } from './regions.js';

describe('support regions', () => {
  it('has the nine English regions, Wales, Scotland and Northern Ireland', () => {
    assert.equal(regionCodes.length, 12);
    assert.equal(regionCodes.filter((r) => nationOfRegion(r) === 'england').length, 9);
    assert.equal(regionLabel('yorkshire_humber'), 'Yorkshire and the Humber');
  });

  it('takes the default region from the police force area', () => {
    assert.equal(defaultRegion('E23000001', 'england'), 'london');
    assert.equal(defaultRegion('E23000034', 'england'), 'london', 'City of London Police');
    assert.equal(defaultRegion('E23000011', 'england'), 'yorkshire_humber', 'South Yorkshire Police');
    assert.equal(defaultRegion('E23000014', 'england'), 'west_midlands');
    assert.equal(defaultRegion('E23000039', 'england'), 'south_west', 'Dorset Police');
    assert.equal(defaultRegion('W15000003', 'wales'), 'wales');
    assert.equal(defaultRegion('S23000009', 'scotland'), 'scotland');
    assert.equal(defaultRegion('N23000001', 'northern_ireland'), 'northern_ireland');
  });

  it('falls back to the nation, and has no default in England without a force', () => {
    assert.equal(defaultRegion(null, 'scotland'), 'scotland');
    assert.equal(defaultRegion('BTP', 'wales'), 'wales');
    assert.equal(defaultRegion(null, 'england'), null);
    assert.equal(defaultRegion('BTP', 'england'), null);
  });

  it('maps every English territorial force to a region', () => {
    for (let n = 1; n <= 39; n++) {
      assert.ok(defaultRegion(`E230000${String(n).padStart(2, '0')}`, 'wales') !== 'wales', `E230000${n}`);
    }
  });
});
