import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  CfnUserPoolRiskConfigurationAttachment,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLE_DESCRIPTIONS, ROLES, type Role } from '../../functions/config/roles';

/** Context keys (`cdk deploy -c key=url1,url2`) for where the staff console receives sign-ins. */
export const CALLBACK_URLS_CONTEXT = 'staffConsoleCallbackUrls';
export const LOGOUT_URLS_CONTEXT = 'staffConsoleLogoutUrls';
/** Placeholders until the console's address is given: the local stack's default port. */
export const DEFAULT_CALLBACK_URLS = ['http://localhost:3000/staff/callback'];
export const DEFAULT_LOGOUT_URLS = ['http://localhost:3000/staff/'];

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

    this.consoleClient = this.userPool.addClient('StaffConsole', {
      generateSecret: false, // a browser app cannot keep a secret
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: props.callbackUrls ?? urlsFromContext(this, CALLBACK_URLS_CONTEXT) ?? DEFAULT_CALLBACK_URLS,
        logoutUrls: props.logoutUrls ?? urlsFromContext(this, LOGOUT_URLS_CONTEXT) ?? DEFAULT_LOGOUT_URLS,
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });
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
