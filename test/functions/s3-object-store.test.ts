import { describe, expect, inject, it } from 'vitest';
import { S3ObjectStore } from '../../functions/lib/s3-object-store.ts';
import { createBucket, s3ClientFor, uniqueName } from '../helpers/emulators.ts';
import { describeObjectStoreContract } from './object-store.contract.ts';

describeObjectStoreContract('S3ObjectStore on s3rver', async () => {
  const client = s3ClientFor(inject('s3Endpoint'));
  const bucket = uniqueName('objects');
  await createBucket(client, bucket);
  return new S3ObjectStore({ bucket, client });
});

describe('S3ObjectStore', () => {
  describe('list', () => {
    it('follows continuation tokens across small pages', async () => {
      // Prepare
      const client = s3ClientFor(inject('s3Endpoint'));
      const bucket = uniqueName('pages');
      await createBucket(client, bucket);
      const store = new S3ObjectStore({ bucket, client, pageSize: 2 });
      await Promise.all(['e', 'd', 'c', 'b', 'a'].map((k) => store.put(`p/${k}`, k)));
      // Act
      const listed = await store.list('p/');
      // Assess
      expect(listed.map((o) => o.key)).toEqual(['p/a', 'p/b', 'p/c', 'p/d', 'p/e']);
    });
  });
});
