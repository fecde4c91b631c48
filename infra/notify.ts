/**
 * The topic every notification (and every alarm on Ripcord itself) goes to. Subscribe people,
 * chat bridges or pagers to it; Ripcord only publishes.
 */
export function createNotify() {
  const topic = new sst.aws.SnsTopic("RipcordTopic");
  return { topic };
}

export type Notify = ReturnType<typeof createNotify>;
