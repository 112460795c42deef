import type { ScalarTag } from 'yaml';

// PyYAML's implicit resolvers (resolver.py), which differ from the YAML 1.1 type drafts the
// `yaml` library follows: no y/n booleans, no leading zeros in decimals ("08" is a string),
// and a float needs a dot ("1e3" is a string) and a signed exponent.
const BOOL_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const BOOL_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** Splits a sign off, as PyYAML's constructors do, after dropping `_` separators. */
function signed(text: string): { sign: number; digits: string } {
  const value = text.replace(/_/g, '');
  const sign = value.startsWith('-') ? -1 : 1;
  return { sign, digits: value.startsWith('-') || value.startsWith('+') ? value.slice(1) : value };
}

/** `190:20:30` → 685230, base 60 as in YAML 1.1. */
function sexagesimal(digits: string, parse: (part: string) => number): number {
  return digits.split(':').reduce((total, part) => total * 60 + parse(part), 0);
}

/** PyYAML's `construct_yaml_int`. */
function resolveInt(text: string): number {
  const { sign, digits } = signed(text);
  if (digits === '0') return 0;
  if (digits.startsWith('0b')) return sign * parseInt(digits.slice(2), 2);
  if (digits.startsWith('0x')) return sign * parseInt(digits.slice(2), 16);
  if (digits.startsWith('0')) return sign * parseInt(digits, 8);
  if (digits.includes(':')) return sign * sexagesimal(digits, (part) => parseInt(part, 10));
  return sign * parseInt(digits, 10);
}

/** PyYAML's `construct_yaml_float`. */
function resolveFloat(text: string): number {
  const { sign, digits } = signed(text.toLowerCase());
  if (digits === '.inf') return sign * Number.POSITIVE_INFINITY;
  if (digits === '.nan') return Number.NaN;
  if (digits.includes(':')) return sign * sexagesimal(digits, Number.parseFloat);
  return sign * Number.parseFloat(digits);
}

/**
 * Scalar tags that resolve plain scalars exactly as PyYAML's `FullLoader` does, to replace
 * the `yaml` library's YAML 1.1 bool, int and float tags.
 */
export const pyyamlScalarTags: readonly ScalarTag[] = [
  { tag: 'tag:yaml.org,2002:bool', default: true, test: BOOL_TRUE, resolve: () => true },
  { tag: 'tag:yaml.org,2002:bool', default: true, test: BOOL_FALSE, resolve: () => false },
  { tag: 'tag:yaml.org,2002:int', default: true, test: INT, resolve: resolveInt },
  { tag: 'tag:yaml.org,2002:float', default: true, test: FLOAT, resolve: resolveFloat },
];
