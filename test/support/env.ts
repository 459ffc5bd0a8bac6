// Every test runs offline: a region and dummy credentials so SDK clients never look for real ones,
// and handler logs limited to errors so test output shows failures, not traffic.
process.env.AWS_REGION ??= 'ap-northeast-2';
process.env.AWS_ACCESS_KEY_ID ??= 'local';
process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
process.env.LOG_LEVEL ??= 'error';
process.env.CDK_DISABLE_CLI_TELEMETRY ??= 'true';
// This machine runs Node 20 (Lambda runs 22); the SDK's notice about its future Node 22 floor is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
