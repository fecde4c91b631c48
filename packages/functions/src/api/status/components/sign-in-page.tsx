import { STATUS_PATHS } from "../paths.ts";
import { SESSION_SECONDS } from "../session.ts";
import { Layout } from "./layout.tsx";

export interface SignInProps {
  /** The page to return to once signed in. */
  next: string;
  /** Why the last attempt failed, in words for the person at the form. */
  error?: string | undefined;
}

/** A plain form: works without JavaScript, the token never appears in a URL. */
export function SignInPage({ next, error }: SignInProps) {
  return (
    <Layout title="Sign in">
      <h1>Sign in to the status page</h1>
      <p>
        Paste one of Ripcord's API tokens (read or write scope). The status page only reads: signed
        in here you can look at services and rollbacks, never change them. The session lasts{" "}
        {SESSION_SECONDS / 3600} hours in a secure, HTTP-only cookie that holds a signed session,
        not the token.
      </p>
      <form class="sign-in" method="post" action={STATUS_PATHS.signIn}>
        <input type="hidden" name="next" value={next} />
        <label for="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          required
          aria-invalid={error ? "true" : "false"}
          aria-describedby={error ? "token-help sign-in-error" : "token-help"}
        />
        <span id="token-help" class="muted">
          Locally it is the RIPCORD_TOKEN the sandbox printed; on AWS one of the RipcordApiTokens
          secret.
        </span>
        {error && (
          <p id="sign-in-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit">Sign in</button>
      </form>
    </Layout>
  );
}
