// Where the warehouse is and where its raw data comes from.

export type Target =
  | { kind: 'cluster'; clusterIdentifier: string; database: string; dbUser?: string; secretArn?: string; region: string }
  | { kind: 'serverless'; workgroupName: string; database: string; secretArn?: string; region: string }
  | { kind: 'local'; dbPath: string; dataDir: string };

export interface Sources {
  logData: string;
  logJsonPath: string;
  songData: string;
  /** Region of the bucket, when COPY must name it. */
  region?: string;
  iamRole: string;
}

export interface Settings {
  /** The config file the settings came from, if any. */
  file?: string;
  target: Target;
  sources: Sources;
}

/** Udacity's published locations; the local warehouse mirrors them by default. */
export const UDACITY_SOURCES: Sources = {
  logData: 's3://udacity-dend/log_data',
  logJsonPath: 's3://udacity-dend/log_json_path.json',
  songData: 's3://udacity-dend/song_data',
  region: 'us-west-2',
  iamRole: 'arn:aws:iam::000000000000:role/sparkify-local',
};

/** What a Redshift host name tells: the cluster or workgroup, and the region. */
export function parseHost(host: string): { clusterIdentifier?: string; workgroupName?: string; region?: string } {
  const cluster = /^([a-z][a-z0-9-]*)\.[a-z0-9]+\.([a-z0-9-]+)\.redshift\.amazonaws\.com(\.cn)?$/i.exec(host);
  if (cluster) return { clusterIdentifier: cluster[1]!.toLowerCase(), region: cluster[2]!.toLowerCase() };
  const serverless = /^([a-z0-9-]+)\.\d{12}\.([a-z0-9-]+)\.redshift-serverless\.amazonaws\.com(\.cn)?$/i.exec(host);
  if (serverless) return { workgroupName: serverless[1]!.toLowerCase(), region: serverless[2]!.toLowerCase() };
  return {};
}

/** The target in one line, as the screens and reporters show it. */
export function describeTarget(target: Target): string {
  switch (target.kind) {
    case 'cluster':
      return `cluster ${target.clusterIdentifier}, database ${target.database}, ${target.region}`;
    case 'serverless':
      return `workgroup ${target.workgroupName}, database ${target.database}, ${target.region}`;
    case 'local':
      return `local warehouse ${target.dbPath}, data from ${target.dataDir}`;
  }
}
