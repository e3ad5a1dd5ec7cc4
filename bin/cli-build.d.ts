// Types for bin/cli-build.js (plain JavaScript so that bin/treaty.js needs no compiler).
export declare function compiledCliIsFresh(): boolean;
