import { Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  CfnUserPoolClient,
  CfnUserPoolGroup,
  CfnUserPoolRiskConfigurationAttachment,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import {
  CONSOLE_CALLBACK_PATH,
  CONSOLE_PATH,
  CONSOLE_SCOPES,
  CONSOLE_SIGN_IN_ENV,
  consoleSignInVariable,
  type ConsoleSignIn,
} from '../../functions/config/identity';
import { ROLE_DESCRIPTIONS, ROLES, type Role } from '../../functions/config/roles';
import type { HouseFunction } from './house-function';

/** Context keys (`cdk deploy -c key=url1,url2`) for where the staff console receives sign-ins. */
export const CALLBACK_URLS_CONTEXT = 'staffConsoleCallbackUrls';
export const LOGOUT_URLS_CONTEXT = 'staffConsoleLogoutUrls';
/**
 * Context key for the prefix of the managed login domain (`<prefix>.auth.<region>.amazoncognito.com`):
 * unique in the region, lowercase letters, digits and hyphens, without "aws", "amazon" or "cognito".
 * Default: `complaints-staff-` and the first eight hex digits of the stack's id, stable for the stack.
 */
export const LOGIN_DOMAIN_PREFIX_CONTEXT = 'staffLoginDomainPrefix';
/** Placeholders until the console's address is given (serveConsoleAt): the local stack's default port. */
export const DEFAULT_CALLBACK_URLS = [`http://localhost:3000${CONSOLE_CALLBACK_PATH}`];
export const DEFAULT_LOGOUT_URLS = [`http://localhost:3000${CONSOLE_PATH}`];

export interface StaffDirectoryProps {
  /** Where the console gets the authorization code; default: context, else DEFAULT_CALLBACK_URLS. */
  readonly callbackUrls?: string[];
  /** Where the console lands after signing out; default: context, else DEFAULT_LOGOUT_URLS. */
  readonly logoutUrls?: string[];
}

/** A context value given as a list or as comma-separated text (as `-c` passes it). */
function urlsFromContext(scope: Construct, key: string): string[] | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined) return undefined;
  const urls = Array.isArray(value) ? value.map(String) : String(value).split(',');
  const trimmed = urls.map((u) => u.trim()).filter(Boolean);
  if (trimmed.length === 0) throw new Error(`Context ${key} is empty: give at least one URL`);
  return trimmed;
}

/** What Cognito accepts as a domain prefix (and refuses: its own names). */
function checkedPrefix(scope: Construct, prefix: string): string {
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix) || /aws|amazon|cognito/.test(prefix)) {
    throw new Error(`Context ${LOGIN_DOMAIN_PREFIX_CONTEXT} "${prefix}" is not a Cognito domain prefix: lowercase letters, digits and inner hyphens, up to 63, without aws, amazon or cognito (${scope.node.path})`);
  }
  return prefix;
}

/** e.g. 'admin-manager' → 'AdminManager', for construct ids. */
const pascal = (role: string) => role.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());

/**
 * The staff of the service: a Cognito user pool with one group per role of DESIGN.md §1 (the
 * `cognito:groups` claim the handlers read) and the staff console's app client. Accounts are made
 * by an administrator (no self sign-up); a user signs in with their staff id (the `username` claim
 * the handlers read) or email, with a strong password and an authenticator app, under threat
 * protection that blocks breached passwords. Retained when the stack is deleted: it holds the
 * staff accounts.
 */
export class StaffDirectory extends Construct {
  readonly userPool: UserPool;
  readonly consoleClient: UserPoolClient;
  /** The managed login domain: where the console sends staff to sign in and out. */
  readonly loginDomain: UserPoolDomain;
  readonly loginBranding: CfnManagedLoginBranding;
  /** Whether the console's addresses came from props or context (a custom domain), which serveConsoleAt keeps. */
  private readonly consoleUrlsGiven: boolean;
  /** The group of each role, by role. */
  readonly groups: ReadonlyMap<Role, CfnUserPoolGroup>;

  constructor(scope: Construct, id: string, props: StaffDirectoryProps = {}) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: false, mutable: true } },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Staff read complainants' personal data from anywhere on the internet: a password alone is
      // not enough (Cyber Essentials asks for MFA on every cloud service account). An authenticator
      // app (TOTP), set up at first sign-in; no SMS (SIM swap, and an SNS role and costs).
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // Plus: threat protection, enforced (a few staff accounts, so a few dollars a month).
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // A password known from another site's breach cannot sign in or be chosen (the user resets it).
    new CfnUserPoolRiskConfigurationAttachment(this, 'CompromisedCredentials', {
      userPoolId: this.userPool.userPoolId,
      clientId: 'ALL',
      compromisedCredentialsRiskConfiguration: { actions: { eventAction: 'BLOCK' }, eventFilter: ['SIGN_IN', 'PASSWORD_CHANGE'] },
    });

    const groups = new Map<Role, CfnUserPoolGroup>();
    for (const role of ROLES) {
      groups.set(
        role,
        new CfnUserPoolGroup(this, `${pascal(role)}Group`, {
          userPoolId: this.userPool.userPoolId,
          groupName: role,
          description: ROLE_DESCRIPTIONS[role],
        }),
      );
    }
    this.groups = groups;

    const callbackUrls = props.callbackUrls ?? urlsFromContext(this, CALLBACK_URLS_CONTEXT);
    const logoutUrls = props.logoutUrls ?? urlsFromContext(this, LOGOUT_URLS_CONTEXT);
    this.consoleUrlsGiven = callbackUrls !== undefined || logoutUrls !== undefined;
    this.consoleClient = this.userPool.addClient('StaffConsole', {
      generateSecret: false, // a browser app cannot keep a secret
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: CONSOLE_SCOPES.map((s) => OAuthScope.custom(s)),
        callbackUrls: callbackUrls ?? DEFAULT_CALLBACK_URLS,
        logoutUrls: logoutUrls ?? DEFAULT_LOGOUT_URLS,
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });

    // Managed login (not the classic hosted UI): it walks a new member of staff through setting up
    // their authenticator app, as the pool's required TOTP MFA needs.
    const givenPrefix: unknown = this.node.tryGetContext(LOGIN_DOMAIN_PREFIX_CONTEXT);
    const stackGuid = Fn.select(2, Fn.split('/', Stack.of(this).stackId));
    this.loginDomain = this.userPool.addDomain('LoginDomain', {
      cognitoDomain: {
        domainPrefix:
          givenPrefix === undefined ? Fn.join('-', ['complaints-staff', Fn.select(0, Fn.split('-', stackGuid))]) : checkedPrefix(this, String(givenPrefix)),
      },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // Without a branding record for the client, managed login answers "Login pages unavailable".
    // Cognito's own look for now; the service's colours and logo go in `settings` and `assets`.
    this.loginBranding = new CfnManagedLoginBranding(this, 'LoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.consoleClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    this.loginBranding.node.addDependency(this.loginDomain);
  }

  /**
   * The console is served at `siteUrl` (https://<distribution domain>, no trailing slash): its
   * callback and sign-out addresses become `<siteUrl>/staff/callback` and `<siteUrl>/staff/`, unless
   * props or the context named them (a custom domain). The client only refers to the distribution;
   * the distribution refers to the API, not to its authorizer, so this makes no cycle.
   */
  serveConsoleAt(siteUrl: string): this {
    if (this.consoleUrlsGiven) return this;
    const client = this.consoleClient.node.defaultChild as CfnUserPoolClient;
    client.callbackUrLs = [`${siteUrl}${CONSOLE_CALLBACK_PATH}`];
    client.logoutUrLs = [`${siteUrl}${CONSOLE_PATH}`];
    return this;
  }

  /** The managed login address, e.g. https://complaints-staff-1a2b3c4d.auth.eu-west-2.amazoncognito.com. */
  get loginUrl(): string {
    return this.loginDomain.baseUrl();
  }

  /** Cognito's sign-out endpoint (it takes `client_id` and `logout_uri`; the pool's discovery document does not name it). */
  get signOutUrl(): string {
    return `${this.loginUrl}/logout`;
  }

  /** What the staff console signs in with (served as /staff/config.json). */
  get consoleSignIn(): ConsoleSignIn {
    return { authority: this.issuerUrl, client_id: this.clientId, scope: CONSOLE_SCOPES.join(' '), end_session_endpoint: this.signOutUrl };
  }

  /**
   * Gives the function that serves the console's sign-in settings their values: one variable, the
   * JSON that functions/config/identity.ts consoleSignInFromEnv reads (one deploy-time value, so it
   * costs the environment's size check one unresolved value, not three).
   */
  bindConsoleSignIn(fn: HouseFunction): this {
    fn.addEnvironment(CONSOLE_SIGN_IN_ENV, Stack.of(this).toJsonString(consoleSignInVariable(this.consoleSignIn)));
    return this;
  }

  /** Where the console's browser code fetches from: the pool's discovery and keys, and managed login's token endpoint (the site's connect-src). */
  get consoleConnectSources(): string[] {
    const stack = Stack.of(this);
    return [`https://cognito-idp.${stack.region}.${stack.urlSuffix}`, this.loginUrl];
  }

  /** The `iss` of the pool's tokens: https://cognito-idp.<region>.amazonaws.com/<poolId>. */
  get issuerUrl(): string {
    const stack = Stack.of(this);
    return `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
  }

  /** The console's app client id: the `client_id` of its access tokens. */
  get clientId(): string {
    return this.consoleClient.userPoolClientId;
  }
}
