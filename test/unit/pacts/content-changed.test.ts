// contract_content_changed's decision (broker-semantics C1, E.3 S57–S59) and the Pact Broker's event comments.
import { describe, expect, it } from 'vitest';
import { contentChange, type PreviousPact } from '../../../src/pacts/content-changed.js';

const NEW = 'sha-new';
const OLD = 'sha-old';
const fresh = (...previous: PreviousPact[]) => contentChange({ kind: 'new', sha: NEW, previous });
const untagged = (sha: string | null): PreviousPact => ({ tag: null, sha });
const tagged = (tag: string, sha: string | null): PreviousPact => ({ tag, sha });

describe('contentChange for a consumer version without a pact for this provider', () => {
  it.each([
    ['S57 first untagged publication', [untagged(null)], true, 'first time untagged pact published'],
    ['untagged, content differs from the previous untagged version', [untagged(OLD)], true, 'pact content has changed since previous untagged version'],
    ['S58 untagged, identical content under a new version', [untagged(NEW)], false, 'pact content is the same as previous untagged version'],
    ['first pact with a tag', [tagged('dev', null)], true, 'first time any pact published for this consumer with consumer version tagged dev'],
    ['tag whose previous pact differs', [tagged('dev', OLD)], true, 'pact content has changed since the last consumer version tagged with dev'],
    ['tag whose previous pact is identical', [tagged('dev', NEW)], false, 'pact content is the same as previous version with tag dev and no new tags were applied'],
    [
      'S59 a new tag fires even with identical content (only the new tag is named)',
      [tagged('dev', NEW), tagged('prod', null)],
      true,
      'first time any pact published for this consumer with consumer version tagged prod',
    ],
    [
      'several tags changed: every reason, in the given order',
      [tagged('dev', OLD), tagged('main', NEW), tagged('prod', null)],
      true,
      'pact content has changed since the last consumer version tagged with dev, first time any pact published for this consumer with consumer version tagged prod',
    ],
    [
      'several tags, all identical',
      [tagged('dev', NEW), tagged('prod', NEW)],
      false,
      'pact content is the same as previous versions with tags dev, prod and no new tags were applied',
    ],
  ])('%s', (_name, previous, changed, comment) => {
    expect(fresh(...previous)).toEqual({ changed, comment });
  });

  it('compares with the previous pact of each tag, not with any earlier content (A → B → A fires)', () => {
    // The reverted content was published long ago; what counts is the previous untagged version (B).
    expect(fresh(untagged(OLD)).changed).toBe(true);
  });

  it('nothing to compare with counts as a first publication', () => {
    expect(fresh()).toEqual({ changed: true, comment: 'first time untagged pact published' });
  });
});

describe('contentChange for a consumer version whose pact is replaced (overwrite or merge)', () => {
  const replaced = (sha: string) => contentChange({ kind: 'replaced', sha, replacedSha: OLD, consumerName: 'Foo', consumerVersionNumber: '1.0.0' });

  it('changed when the content differs from what the version had', () => {
    expect(replaced(NEW)).toEqual({ changed: true, comment: 'pact content modified since previous publication for Foo version 1.0.0' });
  });

  it('unchanged when the same content is republished', () => {
    expect(replaced(OLD)).toEqual({ changed: false, comment: 'pact content was unchanged' });
  });
});
