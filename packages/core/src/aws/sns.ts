import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { NotFoundError } from "../errors/index.ts";
import { clientConfig, lazyClient } from "./clients.ts";
import { awsCall } from "./failure.ts";

const sns = /* @__PURE__ */ lazyClient(() => new SNSClient(clientConfig()));

// SNS subjects: at most 100 characters, printable ASCII, no line breaks.
const SUBJECT_MAX = 100;

function subjectLine(subject: string): string {
  const printable = subject.replace(/[^\x20-\x7E]+/g, " ").trim();
  return printable.length <= SUBJECT_MAX ? printable : `${printable.slice(0, SUBJECT_MAX - 3)}...`;
}

/** Publishes a text message; `attributes` become String message attributes (for subscription filters). */
export async function publish(
  topicArn: string,
  subject: string,
  text: string,
  attributes: Record<string, string> = {},
): Promise<{ messageId: string }> {
  const output = await awsCall(
    "SNS Publish",
    () =>
      sns().send(
        new PublishCommand({
          TopicArn: topicArn,
          Subject: subjectLine(subject),
          Message: text,
          MessageAttributes: Object.fromEntries(
            Object.entries(attributes)
              // SNS rejects empty attribute values; an empty attribute carries nothing to filter on.
              .filter(([, value]) => value !== "")
              .map(([name, value]) => [name, { DataType: "String", StringValue: value }]),
          ),
        }),
      ),
    (name, error) =>
      name === "NotFoundException" || name === "NotFound"
        ? new NotFoundError(`SNS topic ${topicArn} does not exist`, { cause: error })
        : undefined,
  );
  return { messageId: output.MessageId ?? "" };
}
