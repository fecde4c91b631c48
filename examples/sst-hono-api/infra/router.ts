/**
 * The CloudFront distribution in front of the app. The API is one route on it; a site
 * (`sst.aws.Nextjs`) or static assets would be others.
 */
export const router = new sst.aws.Router("Router");
