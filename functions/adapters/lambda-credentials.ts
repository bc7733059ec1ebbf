import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * What the bundles use in place of `@aws-sdk/credential-provider-node` (infra/ aliases it at
 * bundling): in Lambda the function's credentials are always in its environment, which is the first
 * place the SDK's default chain looks, so the rest of the chain (SSO, the INI files, IMDS, ECS, web
 * identity, and the STS and SSO clients they bring) is about 100 KB of every bundle that never runs.
 * The local stack gives its handlers credentials the same way.
 */
export const defaultProvider: (init?: Parameters<typeof fromEnv>[0]) => ReturnType<typeof fromEnv> = (init) => fromEnv(init);
