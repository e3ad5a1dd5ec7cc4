const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Records addressed by UUID in URLs: anything else cannot name one (and must not reach a uuid column). */
export const isUuid = (value: string): boolean => UUID.test(value);
