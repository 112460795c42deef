import { describe, expect, test } from 'vitest';
import { redactMongoUri } from './redact-mongo-uri.js';

describe('redactMongoUri', () => {
  test.each([
    ['mongodb://alice:s3cret@db.example.org:27017/dtool_info', 'mongodb://alice:***@db.example.org:27017/dtool_info'],
    ['mongodb+srv://alice:s3cret@cluster0.example.net/?retryWrites=true', 'mongodb+srv://alice:***@cluster0.example.net/?retryWrites=true'],
    ['mongodb://alice:s3cret@h1:27017,h2:27017,h3:27017/db?replicaSet=rs0', 'mongodb://alice:***@h1:27017,h2:27017,h3:27017/db?replicaSet=rs0'],
    ['mongodb://alice:p%40ss%3Aw%2Frd@host/', 'mongodb://alice:***@host/'],
    ['mongodb://127.0.0.1:27017/', 'mongodb://127.0.0.1:27017/'],
    ['mongodb://x509user@host/?authMechanism=MONGODB-X509', 'mongodb://x509user@host/?authMechanism=MONGODB-X509'],
  ])('masks the password of %s', (uri, redacted) => {
    expect(redactMongoUri(uri)).toBe(redacted);
  });

  test('masks a password holding unencoded @, / and ? (invalid, but it must not leak)', () => {
    const redacted = redactMongoUri('mongodb://alice:p@ss/w?rd@host:27017/db');
    expect(redacted).toBe('mongodb://alice:***@host:27017/db');
  });

  test('masks secret-bearing options', () => {
    expect(
      redactMongoUri(
        'mongodb://host/?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:tok123&tlsCertificateKeyFilePassword=pw&appName=x',
      ),
    ).toBe('mongodb://host/?authMechanism=MONGODB-AWS&authMechanismProperties=***&tlsCertificateKeyFilePassword=***&appName=x');
  });

  test('replaces anything that is not a MongoDB URI as a whole', () => {
    expect(redactMongoUri('alice:s3cret@host')).toBe('<not a mongodb:// URI>');
    expect(redactMongoUri('')).toBe('<not a mongodb:// URI>');
  });
});
