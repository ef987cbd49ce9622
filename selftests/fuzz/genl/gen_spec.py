#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the dcvif netlink interfaces into C tables for dcvif_fuzz.c.

Two sources, both the interfaces' sources of truth:
  - Documentation/netlink/specs/dcvif.yaml, the generic netlink family:
    attribute sets (numbers, types, checks, nesting), operations (command
    numbers, do/dump request and reply attributes, events);
  - kmod/uapi/linux/dcvif.h, the rtnetlink IFLA_INFO_DATA (and
    IFLA_INFO_SLAVE_DATA) attributes of the link kinds, typed by the first
    word of each entry's comment (u8, u16, u32, u64, binary, string),
    "read-only" marking attributes that the kernel must refuse, "N or M
    bytes" giving a binary's lengths.

A new attribute, operation or link attribute in either file is fuzzed
without a change to the fuzzer: `make` regenerates the table.

usage: gen_spec.py SPEC.yaml UAPI.h OUT.h
"""

import re
import sys

import yaml

KINDS = {'u8': 'FZ_U8', 'u16': 'FZ_U16', 'u32': 'FZ_U32', 'u64': 'FZ_U64',
         's8': 'FZ_U8', 's16': 'FZ_U16', 's32': 'FZ_U32', 's64': 'FZ_U64',
         'string': 'FZ_STRING', 'binary': 'FZ_BINARY', 'nest': 'FZ_NEST',
         'flag': 'FZ_FLAG', 'pad': 'FZ_PAD'}
TYPE_MAX = {'u8': 0xff, 'u16': 0xffff, 'u32': 0xffffffff,
            'u64': 0xffffffffffffffff}


def cname(s):
    return re.sub(r'[^A-Za-z0-9]', '_', s)


def genl_tables(spec):
    consts = {d['name']: d['value'] for d in spec.get('definitions', [])
              if d['type'] == 'const'}
    enums = {d['name']: d for d in spec.get('definitions', [])
             if d['type'] in ('enum', 'flags')}

    def val(v):
        return consts[v] if isinstance(v, str) else v

    sets = spec['attribute-sets']
    set_idx = {s['name']: i for i, s in enumerate(sets)}
    out_sets = []
    for s in sets:
        nxt = 1
        attrs = []
        for a in s['attributes']:
            nxt = a.get('value', nxt)
            checks = a.get('checks', {})
            kind = a['type']
            at = {'name': a['name'], 'type': nxt, 'kind': KINDS[kind],
                  'multi': 1 if a.get('multi-attr') else 0,
                  'nest': set_idx[a['nested-attributes']] if kind == 'nest' else -1,
                  'has_min': 0, 'min': 0, 'has_max': 0, 'max': TYPE_MAX.get(kind, 0),
                  'exact_len': val(checks.get('exact-len', -1)),
                  'min_len': val(checks.get('min-len', -1)),
                  'max_len': val(checks.get('max-len', -1)),
                  'hint': a.get('display-hint', '')}
            if 'min' in checks:
                at['has_min'], at['min'] = 1, val(checks['min'])
            if 'max' in checks:
                at['has_max'], at['max'] = 1, val(checks['max'])
            elif 'enum' in a and a['enum'] in enums:
                # an enum's last value: a boundary worth trying
                at['max'] = len(enums[a['enum']]['entries']) - 1
            attrs.append(at)
            nxt += 1
        out_sets.append({'name': s['name'], 'attrs': attrs})

    def req(opdef, set_name):
        names = (opdef or {}).get('attributes', [])
        by_name = {a['name']: a['type'] for a in out_sets[set_idx[set_name]]['attrs']}
        return [by_name[n] for n in names]

    ops = []
    nxt = 1
    for o in spec['operations']['list']:
        nxt = o.get('value', nxt)
        s = o['attribute-set']
        do, dump, ev = o.get('do'), o.get('dump'), o.get('event')
        ops.append({'name': o['name'], 'cmd': nxt, 'set': set_idx[s],
                    'do': 1 if do is not None else 0,
                    'dump': 1 if dump is not None else 0,
                    'event': 1 if ev is not None else 0,
                    'admin': 1 if 'admin-perm' in o.get('flags', []) else 0,
                    'do_req': req((do or {}).get('request'), s),
                    'do_rep': req((do or {}).get('reply'), s),
                    'dump_req': req((dump or {}).get('request'), s),
                    'dump_rep': req((dump or {}).get('reply'), s),
                    'ev': req(ev, s)})
        nxt += 1
    mcgrps = [g['name'] for g in spec.get('mcast-groups', {}).get('list', [])]
    return out_sets, ops, mcgrps


def ifla_tables(uapi):
    """The IFLA_* enums nested in IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA."""
    kinds = {}
    defines = dict(re.findall(r'#define\s+(\w+_KIND)\s+"(\w+)"', uapi))
    sets = []
    for m in re.finditer(r'/\*((?:(?!\*/).)*)\*/\s*enum\s*\{(.*?)\};', uapi, re.S):
        head, body = m.group(1), m.group(2)
        w = re.search(r'IFLA_INFO_(SLAVE_)?DATA.*?"(\w+)"', head, re.S)
        if not w:
            continue
        slave, kind = bool(w.group(1)), w.group(2)
        all_ro = 'read-only' in head
        attrs = []
        for n, (name, comment) in enumerate(
                re.findall(r'\b(IFLA_\w+)\s*,?\s*(?:/\*(.*?)\*/)?', body, re.S)):
            if name.startswith('__') or name.endswith('_UNSPEC'):
                continue
            comment = ' '.join(comment.split())
            t = re.match(r'(u8|u16|u32|u64|binary|string|flag)\b', comment)
            kind_c = KINDS[t.group(1)] if t else 'FZ_BINARY'
            lens = [int(x) for x in re.findall(r'(\d+)(?= or | bytes)', comment)]
            attrs.append({'name': name, 'type': n, 'kind': kind_c,
                          'ro': 1 if all_ro or 'read-only' in comment or
                          name.endswith('_PAD') else 0,
                          'lens': lens[:2]})
        sets.append({'kind': kind, 'slave': slave, 'attrs': attrs})
        kinds.setdefault(kind, {})
    for k in defines.values():
        kinds.setdefault(k, {})
    return sets, sorted(kinds)


def main():
    spec_path, uapi_path, out_path = sys.argv[1:4]
    with open(spec_path) as f:
        spec = yaml.safe_load(f)
    with open(uapi_path) as f:
        uapi = f.read()
    sets, ops, mcgrps = genl_tables(spec)
    isets, kinds = ifla_tables(uapi)
    if not isets:
        sys.exit(f'{uapi_path}: no IFLA_INFO_DATA enum found')

    o = []
    o.append('/* SPDX-License-Identifier: GPL-2.0 */')
    o.append(f'/* Generated by gen_spec.py from {spec_path} and {uapi_path}: do not edit. */')
    o.append('#include "fuzz_spec.h"\n')
    o.append(f'const char fz_family_name[] = "{spec["name"]}";')
    o.append(f'const char *const fz_mcgrps[] = {{ {", ".join(f"{chr(34)}{g}{chr(34)}" for g in mcgrps)}{", " if mcgrps else ""}NULL }};\n')
    for i, s in enumerate(sets):
        o.append(f'static const struct fz_attr fz_set{i}_attrs[] = {{ /* {s["name"]} */')
        for a in s['attrs']:
            o.append(f'\t{{ "{a["name"]}", {a["type"]}, {a["kind"]}, {a["multi"]}, {a["nest"]}, '
                     f'{a["has_min"]}, {a["has_max"]}, {a["min"]}ULL, {a["max"]}ULL, '
                     f'{a["exact_len"]}, {a["min_len"]}, {a["max_len"]}, "{a["hint"]}" }},')
        o.append('};')
    o.append('const struct fz_set fz_sets[] = {')
    for i, s in enumerate(sets):
        mx = max(a['type'] for a in s['attrs'])
        o.append(f'\t{{ "{s["name"]}", fz_set{i}_attrs, {len(s["attrs"])}, {mx} }},')
    o.append('};')
    o.append(f'const int fz_n_sets = {len(sets)};\n')

    def lst(name, v):
        if not v:
            return 'NULL, 0'
        o.append(f'static const unsigned short {name}[] = {{ {", ".join(map(str, v))} }};')
        return f'{name}, {len(v)}'

    rows = []
    for op in ops:
        n = cname(op['name'])
        fields = [lst(f'fz_{n}_{k}', op[k]) for k in ('do_req', 'do_rep', 'dump_req', 'dump_rep', 'ev')]
        rows.append(f'\t{{ "{op["name"]}", {op["cmd"]}, {op["set"]}, {op["do"]}, {op["dump"]}, '
                    f'{op["event"]}, {op["admin"]}, {", ".join(fields)} }},')
    o.append('const struct fz_op fz_ops[] = {')
    o.extend(rows)
    o.append('};')
    o.append(f'const int fz_n_ops = {len(ops)};\n')

    for i, s in enumerate(isets):
        o.append(f'static const struct fz_iattr fz_iset{i}_attrs[] = {{ /* {s["kind"]}{" slave" if s["slave"] else ""} */')
        for a in s['attrs']:
            l0, l1 = (a['lens'] + [0, 0])[:2]
            o.append(f'\t{{ "{a["name"]}", {a["type"]}, {a["kind"]}, {a["ro"]}, {{ {l0}, {l1} }} }},')
        o.append('};')
    o.append('const struct fz_iset fz_isets[] = {')
    for i, s in enumerate(isets):
        o.append(f'\t{{ "{s["kind"]}", {1 if s["slave"] else 0}, fz_iset{i}_attrs, {len(s["attrs"])}, '
                 f'{max(a["type"] for a in s["attrs"])} }},')
    o.append('};')
    o.append(f'const int fz_n_isets = {len(isets)};')
    o.append(f'const char *const fz_kinds[] = {{ {", ".join(chr(34) + k + chr(34) for k in kinds)}, NULL }};')
    with open(out_path, 'w') as f:
        f.write('\n'.join(o) + '\n')


if __name__ == '__main__':
    main()
