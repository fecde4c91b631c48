/*
 * The unit tier talks to no AWS: the SDK is pointed at a closed local port, so a test that
 * reaches for AWS by mistake fails at once instead of waiting on the network.
 */
process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9";
process.env.AWS_REGION = "us-east-1";
process.env.AWS_ACCESS_KEY_ID = "unit";
process.env.AWS_SECRET_ACCESS_KEY = "unit";
delete process.env.AWS_PROFILE;
delete process.env.AWS_SESSION_TOKEN;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
