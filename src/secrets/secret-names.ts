// Pure: which names a secret may have. A name is written into webhook templates as `${user.NAME}` (PactFlow's syntax),
// so it is one identifier: no spaces, dots, braces or dashes that would make the placeholder ambiguous.

export const SECRET_NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;
export const SECRET_NAME_MESSAGE = 'must start with a letter and contain only letters, digits and _ (at most 100 characters), as it is used as ${user.NAME}';

export const isSecretName = (name: string): boolean => SECRET_NAME.test(name);
