// Whether a publication changed the contract (broker-semantics C1), decided from plain data: contract_content_changed
// fires only when it did. The Pact Broker compares per consumer version tag, or against the previous untagged version
// when the new one has no tags; branches play no part. Overwriting a consumer version's own pact compares with what it
// replaced. The reasons are the Pact Broker's event comments (the "Events detected" notice shows them).

/**
 * The pact a new publication is compared with for one of its consumer version's tags (`tag`), or for an untagged
 * version (`tag: null`): the sha of the newest earlier consumer version's pact so tagged (or untagged), null if none.
 */
export interface PreviousPact {
  tag: string | null;
  sha: string | null;
}

export type ContentChangeInput =
  /** The consumer version had no pact with this provider: compare with the previous pacts found for its tags. */
  | { kind: 'new'; sha: string; previous: PreviousPact[] }
  /** The consumer version's pact with this provider was replaced (overwrite or merge): compare with what it had. */
  | { kind: 'replaced'; sha: string; replacedSha: string; consumerName: string; consumerVersionNumber: string };

export interface ContentChange {
  changed: boolean;
  /** Why contract_content_changed fired (changed), or why contract_published fired alone (not changed). */
  comment: string;
}

export function contentChange(input: ContentChangeInput): ContentChange {
  if (input.kind === 'replaced') {
    return input.sha === input.replacedSha
      ? { changed: false, comment: 'pact content was unchanged' }
      : {
          changed: true,
          comment: `pact content modified since previous publication for ${input.consumerName} version ${input.consumerVersionNumber}`,
        };
  }
  // Never empty from the repository (a row per tag, or the untagged one); if it were, nothing was compared: changed.
  const previous = input.previous.length > 0 ? input.previous : [{ tag: null, sha: null }];
  const changed = previous.filter((p) => p.sha !== input.sha);
  if (changed.length > 0) return { changed: true, comment: changed.map(changedReason).join(', ') };
  return { changed: false, comment: unchangedReason(previous) };
}

function changedReason({ tag, sha }: PreviousPact): string {
  if (tag === null) return sha === null ? 'first time untagged pact published' : 'pact content has changed since previous untagged version';
  return sha === null
    ? `first time any pact published for this consumer with consumer version tagged ${tag}`
    : `pact content has changed since the last consumer version tagged with ${tag}`;
}

/**
 * The Pact Broker's comment for identical content. For an untagged version it prints its multiple-tags sentence with
 * an empty list ("…with tags  and no new tags…"); Treaty says what was compared instead.
 */
function unchangedReason(previous: PreviousPact[]): string {
  const tags = previous.flatMap((p) => (p.tag === null ? [] : [p.tag]));
  if (tags.length === 0) return 'pact content is the same as previous untagged version';
  return tags.length === 1
    ? `pact content is the same as previous version with tag ${tags[0]} and no new tags were applied`
    : `pact content is the same as previous versions with tags ${tags.join(', ')} and no new tags were applied`;
}
