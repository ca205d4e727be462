process.env.LOG_LEVEL = 'silent';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// EMF lines stay out of the test output; the metrics tally (and a test that turns them on) still counts.
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
