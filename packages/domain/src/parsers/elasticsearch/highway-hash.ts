/*
 * HighwayHash-256 (Alakuijala, Cox, Wassenberg; the portable variant MinIO's Go package
 * computes), on BigInt lanes: it runs only over short bucket/key strings, so clarity wins
 * over speed. Checked against the published test vectors in highway-hash.test.ts.
 */

const MASK = (1n << 64n) - 1n;
const LOW32 = 0xffffffffn;
const INIT0 = [0xdbe6d5d5fe4cce2fn, 0xa4093822299f31d0n, 0x13198a2e03707344n, 0x243f6a8885a308d3n];
const INIT1 = [0x3bd39e10cb0ef593n, 0xc0acf169b5f18a8cn, 0xbe5466cf34e90c6cn, 0x452821e638d01377n];

type Lanes = [bigint, bigint, bigint, bigint];

interface State {
  v0: Lanes;
  v1: Lanes;
  mul0: Lanes;
  mul1: Lanes;
}

/** The 32-byte HighwayHash-256 of `data` under a 32-byte `key`. */
export function highwayHash256(key: Uint8Array, data: Uint8Array): Uint8Array {
  if (key.length !== 32) throw new RangeError('HighwayHash needs a 32-byte key');
  const state = initialize(key);
  const whole = data.length - (data.length % 32);
  for (let offset = 0; offset < whole; offset += 32) update(state, data.subarray(offset, offset + 32));
  if (whole < data.length) updateRemainder(state, data.subarray(whole));
  // Ten permute-and-update rounds for the 256-bit output (64-bit: four, 128-bit: six).
  for (let round = 0; round < 10; round += 1) {
    const [a, b, c, d] = state.v0;
    update(state, lanesToBytes([rotate32(c), rotate32(d), rotate32(a), rotate32(b)]));
  }
  const lane = (index: number, of: 'v0' | 'v1'): bigint =>
    add(state[of][index] ?? 0n, (of === 'v0' ? state.mul0 : state.mul1)[index] ?? 0n);
  return lanesToBytes([
    ...reduceModulo(lane(0, 'v0'), lane(1, 'v0'), lane(0, 'v1'), lane(1, 'v1')),
    ...reduceModulo(lane(2, 'v0'), lane(3, 'v0'), lane(2, 'v1'), lane(3, 'v1')),
  ] as Lanes);
}

function initialize(key: Uint8Array): State {
  const words = bytesToLanes(key);
  return {
    v0: words.map((word, index) => (INIT0[index] ?? 0n) ^ word) as Lanes,
    v1: words.map((word, index) => (INIT1[index] ?? 0n) ^ rotate32(word)) as Lanes,
    mul0: [...INIT0] as Lanes,
    mul1: [...INIT1] as Lanes,
  };
}

function update(state: State, block: Uint8Array): void {
  const packet = bytesToLanes(block);
  const { v0, v1, mul0, mul1 } = state;
  for (let i = 0; i < 4; i += 1) {
    v1[i] = add(add(v1[i] as bigint, packet[i] as bigint), mul0[i] as bigint);
    mul0[i] = (mul0[i] as bigint) ^ (((v1[i] as bigint) & LOW32) * ((v0[i] as bigint) >> 32n));
    v0[i] = add(v0[i] as bigint, mul1[i] as bigint);
    mul1[i] = (mul1[i] as bigint) ^ (((v0[i] as bigint) & LOW32) * ((v1[i] as bigint) >> 32n));
  }
  zipperMerge(v1, 0, v0);
  zipperMerge(v1, 2, v0);
  zipperMerge(v0, 0, v1);
  zipperMerge(v0, 2, v1);
}

/** The final 1–31 bytes: mixed into the state by length, then padded into one block. */
function updateRemainder(state: State, rest: Uint8Array): void {
  const size = BigInt(rest.length);
  state.v0 = state.v0.map((lane) => add(lane, (size << 32n) + size)) as Lanes;
  state.v1 = state.v1.map((lane) => (rotateLeft32(lane >> 32n, size) << 32n) | rotateLeft32(lane & LOW32, size)) as Lanes;
  const block = new Uint8Array(32);
  const remainder = rest.length & 3;
  const whole = rest.length - remainder;
  block.set(rest.subarray(0, whole));
  if (rest.length >= 16) {
    block.set(rest.subarray(rest.length - 4), 28);
  } else if (remainder !== 0) {
    block[16] = rest[whole] ?? 0;
    block[17] = rest[whole + (remainder >> 1)] ?? 0;
    block[18] = rest[rest.length - 1] ?? 0;
  }
  update(state, block);
}

/** Shuffles the bytes of lanes `from[at]`, `from[at + 1]` and adds them to `into[at]`, `into[at + 1]`. */
function zipperMerge(from: Lanes, at: number, into: Lanes): void {
  const a = from[at] as bigint;
  const b = from[at + 1] as bigint;
  const byte = (value: bigint, index: bigint): bigint => value & (0xffn << (8n * index));
  into[at] = add(
    into[at] as bigint,
    byte(a, 2n) + (byte(b, 7n) >> 8n) + ((byte(a, 5n) + byte(b, 6n)) >> 16n) +
      ((byte(a, 3n) + byte(b, 4n)) >> 24n) + (byte(a, 1n) << 32n) + ((a << 56n) & MASK),
  );
  into[at + 1] = add(
    into[at + 1] as bigint,
    byte(a, 7n) + byte(b, 2n) + (byte(a, 6n) >> 8n) + (byte(b, 5n) >> 16n) +
      ((byte(b, 3n) + byte(a, 4n)) >> 24n) + (byte(b, 0n) << 48n) + (byte(b, 1n) << 24n),
  );
}

/** Reduces a 256-bit value modulo the irreducible polynomial x^128 + x^2 + x. */
function reduceModulo(a0: bigint, a1: bigint, a2: bigint, a3In: bigint): [bigint, bigint] {
  const a3 = a3In & 0x3fffffffffffffffn;
  const shifted3 = ((a3 << 1n) | (a2 >> 63n)) & MASK;
  const shifted2 = (a2 << 1n) & MASK;
  const r1 = ((a3 << 2n) | (a2 >> 62n)) & MASK;
  const r0 = (a2 << 2n) & MASK;
  return [r0 ^ a0 ^ shifted2, r1 ^ a1 ^ shifted3];
}

function add(a: bigint, b: bigint): bigint {
  return (a + b) & MASK;
}

function rotate32(value: bigint): bigint {
  return ((value >> 32n) | (value << 32n)) & MASK;
}

function rotateLeft32(value: bigint, count: bigint): bigint {
  return ((value << count) | (value >> (32n - count))) & LOW32;
}

function bytesToLanes(bytes: Uint8Array): Lanes {
  const lanes: bigint[] = [];
  for (let lane = 0; lane < 4; lane += 1) {
    let value = 0n;
    for (let index = 7; index >= 0; index -= 1) value = (value << 8n) | BigInt(bytes[lane * 8 + index] ?? 0);
    lanes.push(value);
  }
  return lanes as Lanes;
}

function lanesToBytes(lanes: Lanes): Uint8Array {
  const bytes = new Uint8Array(32);
  lanes.forEach((lane, index) => {
    for (let byte = 0; byte < 8; byte += 1) bytes[index * 8 + byte] = Number((lane >> BigInt(8 * byte)) & 0xffn);
  });
  return bytes;
}
