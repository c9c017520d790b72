/**
 * Every module's service, built once in src/app.ts and reached as `rc.app.services.<name>`. The interface is empty
 * here: each module adds its own entry where its service is defined, with
 * `declare module '../../kernel/services.ts' { interface Services { name: NameService } }`, so the kernel never
 * imports a module and no module imports another to know its type.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by each module's declaration
export interface Services {}
