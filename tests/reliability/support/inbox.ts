import { SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import * as z from "zod";
import { listen, type TestServer } from "../../support/http.ts";

/*
 * Where notifications land: an HTTP endpoint subscribed to the service's SNS topic. moto delivers
 * to HTTP subscribers before Publish returns, so when a run has ended its messages are here.
 * (Subscribing is test plumbing core has no adapter for; the SDK client is built here for it.)
 */

const SnsDelivery = z.looseObject({
  Type: z.string(),
  TopicArn: z.string(),
  Message: z.string(),
  Subject: z.string().optional(),
});

export interface Notification {
  topicArn: string;
  subject: string;
  text: string;
}

export interface Inbox {
  url: string;
  /** Every notification delivered to `topicArn`, oldest first. */
  of(topicArn: string): Notification[];
  subscribe(topicArn: string): Promise<void>;
  close(): Promise<void>;
}

export async function openInbox(): Promise<Inbox> {
  const received: Notification[] = [];
  const server: TestServer = await listen((request, response) => {
    const parsed = SnsDelivery.safeParse(JSON.parse(request.body));
    if (parsed.success && parsed.data.Type === "Notification") {
      received.push({
        topicArn: parsed.data.TopicArn,
        subject: parsed.data.Subject ?? "",
        text: parsed.data.Message,
      });
    }
    response.writeHead(200).end();
  });
  return {
    url: server.url,
    of: (topicArn) => received.filter((n) => n.topicArn === topicArn),
    subscribe: async (topicArn) => {
      const sns = new SNSClient({});
      try {
        await sns.send(
          new SubscribeCommand({
            TopicArn: topicArn,
            Protocol: "http",
            Endpoint: `${server.url}/sns`,
          }),
        );
      } finally {
        sns.destroy();
      }
    },
    close: () => server.close(),
  };
}
