#!/usr/bin/env python3
"""Builds assets/reference/nuts2021_*.tsv (embedded in the binary) from the GISCO NUTS 2021 files.

Usage: scripts/make-nuts-reference.py DIR   (DIR holds nuts2021_regions_from_LB.csv and
NUTS_RG_20M_2021_4326_LEVL_{0..3}.geojson, e.g. ../shared/data/nuts2021-geojson)

regions:    code, level, country, Latin name, national name, label lon, label lat (tab-separated)
boundaries: code, GeoJSON geometry with lon/lat rounded to 3 decimals (about 100 m, well below
            what a 1:20 million generalisation keeps) and repeated points dropped.
"""
import csv, json, sys, os

src = sys.argv[1]
out = os.path.join(os.path.dirname(__file__), '..', 'assets', 'reference')

def simplify(coords):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], 3), round(coords[1], 3)]
    parts = [simplify(c) for c in coords]
    if parts and isinstance(parts[0][0], (int, float)):
        kept = [parts[0]]
        for p in parts[1:]:
            if p != kept[-1]:
                kept.append(p)
        parts = kept
    return parts

def clean(s):
    return ' '.join((s or '').replace('\u00a0', ' ').split())

with open(os.path.join(src, 'nuts2021_regions_from_LB.csv'), encoding='utf-8') as f, \
     open(os.path.join(out, 'nuts2021_regions.tsv'), 'w', encoding='utf-8', newline='\n') as o:
    o.write('# NUTS 2021 regions (Eurostat GISCO NUTS_LB_2021). See ATTRIBUTION.md.\n')
    rows = sorted(csv.DictReader(f), key=lambda r: r['NUTS_ID'])
    for r in rows:
        o.write('\t'.join([r['NUTS_ID'], r['LEVL_CODE'], r['CNTR_CODE'], clean(r['NAME_LATN']),
                           clean(r['NUTS_NAME']), r['label_lon'], r['label_lat']]) + '\n')

features = []
for level in range(4):
    with open(os.path.join(src, f'NUTS_RG_20M_2021_4326_LEVL_{level}.geojson'), encoding='utf-8') as f:
        features += json.load(f)['features']
with open(os.path.join(out, 'nuts2021_boundaries.tsv'), 'w', encoding='utf-8', newline='\n') as o:
    o.write('# NUTS 2021 boundaries, 1:20 million (Eurostat GISCO NUTS_RG_20M_2021_4326). See ATTRIBUTION.md.\n')
    for feat in sorted(features, key=lambda x: x['properties']['NUTS_ID']):
        g = feat['geometry']
        geom = {'type': g['type'], 'coordinates': simplify(g['coordinates'])}
        o.write(feat['properties']['NUTS_ID'] + '\t' + json.dumps(geom, separators=(',', ':')) + '\n')
