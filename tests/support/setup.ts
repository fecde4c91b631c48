import { inject } from "vitest";
import { useRoleIdentities } from "@ripcord/local/identity";
import { CALL_LOG_ENV } from "./call-log.ts";

/*
 * Runs in every test worker before its test file: the real SDK clients find moto through the
 * SDK's own environment variables, with dummy credentials moto accepts.
 */
process.env.AWS_ENDPOINT_URL = inject("motoEndpoint");
process.env.AWS_REGION = "us-east-1";
process.env.AWS_ACCESS_KEY_ID = "test";
process.env.AWS_SECRET_ACCESS_KEY = "test";
delete process.env.AWS_PROFILE;
delete process.env.AWS_SESSION_TOKEN;
// The pinned SDK warns once per process that later releases need Node 22; known and planned for.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

// Each handler signs with its own role's key, and every call is recorded for the IAM check
// (tests/iam); a `ripcord local` a test starts inherits the variable and records as well.
const callLogDir = inject("callLogDir");
process.env[CALL_LOG_ENV] = callLogDir;
useRoleIdentities(callLogDir);
