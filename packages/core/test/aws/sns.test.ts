import { SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { Sns } from "@ripcord/core/aws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { topic } from "../../../../tests/support/aws.ts";
import { listen, type TestServer } from "../../../../tests/support/http.ts";

describe("SNS adapter against moto", () => {
  let subscriber: TestServer;

  beforeAll(async () => {
    // moto delivers to HTTP subscribers for real: this receiver sees what a subscriber would.
    subscriber = await listen((_, response) => response.end());
  });

  afterAll(() => subscriber.close());

  it("publishes the subject and text to the topic's subscribers", async () => {
    // Prepare
    const topicArn = await topic();
    await new SNSClient({}).send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: "http",
        Endpoint: `${subscriber.url}/sns`,
      }),
    );

    // Act
    const { messageId } = await Sns.publish(
      topicArn,
      "Ripcord rolled back checkout\nto v3",
      "api: v4 -> v3",
      { service: "checkout", empty: "" },
    );

    // Assess
    const delivered = subscriber.requests.map((request) => JSON.parse(request.body));
    expect(messageId).toMatch(/.+/);
    expect(delivered).toContainEqual(
      expect.objectContaining({
        Type: "Notification",
        MessageId: messageId,
        Subject: "Ripcord rolled back checkout to v3",
        Message: "api: v4 -> v3",
      }),
    );
  });
});
