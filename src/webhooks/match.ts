// Which webhooks an event triggers (broker-semantics C2): enabled, subscribed to the event's name, and each side's
// selector (a pacticipant name, a label, or absent = any) matches the event's consumer/provider.

/** A webhook's consumer or provider selector: a name, a label (mutually exclusive), or neither (= any). */
export interface PacticipantSelector {
  readonly name?: string | undefined;
  readonly label?: string | undefined;
}

/** What matching needs of a stored webhook. */
export interface WebhookSubscription {
  readonly enabled: boolean;
  readonly events: readonly string[];
  readonly consumer?: PacticipantSelector | undefined;
  readonly provider?: PacticipantSelector | undefined;
}

/** A pacticipant as an event sees it: its name and its labels' names. */
export interface EventPacticipant {
  readonly name: string;
  readonly labels: readonly string[];
}

export interface WebhookEventFacts {
  readonly name: string;
  readonly consumer: EventPacticipant;
  readonly provider: EventPacticipant;
}

export function selectorMatches(selector: PacticipantSelector | undefined, pacticipant: EventPacticipant): boolean {
  if (selector?.name !== undefined) return selector.name === pacticipant.name;
  if (selector?.label !== undefined) return pacticipant.labels.includes(selector.label);
  return true;
}

export function webhookMatches(webhook: WebhookSubscription, event: WebhookEventFacts): boolean {
  return (
    webhook.enabled &&
    webhook.events.includes(event.name) &&
    selectorMatches(webhook.consumer, event.consumer) &&
    selectorMatches(webhook.provider, event.provider)
  );
}

/** The webhooks an event triggers, in the given order. */
export function webhooksToTrigger<W extends WebhookSubscription>(webhooks: readonly W[], event: WebhookEventFacts): W[] {
  return webhooks.filter((webhook) => webhookMatches(webhook, event));
}
