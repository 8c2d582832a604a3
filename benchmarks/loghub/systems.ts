/**
 * The 16 LogHub systems: header formats (from LogPAI's benchmark settings, as listed in the
 * dataset's SOURCE.md) and the published grouping accuracy of Drain and Brain on Loghub-2k
 * (logparser READMEs, copied in PUBLISHED_ACCURACY.md). Formats are normalization, given per
 * system; the miner itself runs with one default configuration everywhere.
 */
export interface SystemInfo {
  /** Header format in LogPAI notation (see `compileLogFormat`). */
  format: string;
  /** Drain's published GA (per-system settings). */
  drain: number;
  /** Brain's published GA (per-system settings). */
  brain: number;
}

export const SYSTEMS: Readonly<Record<string, SystemInfo>> = {
  HDFS: { format: '<Date> <Time> <Pid> <Level> <Component>: <Content>', drain: 0.9975, brain: 0.9975 },
  Hadoop: { format: '<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>', drain: 0.9475, brain: 0.949 },
  Spark: { format: '<Date> <Time> <Level> <Component>: <Content>', drain: 0.92, brain: 0.9975 },
  Zookeeper: { format: '<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>', drain: 0.9665, brain: 0.9875 },
  BGL: { format: '<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>', drain: 0.9625, brain: 0.986 },
  Android: { format: '<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>', drain: 0.911, brain: 0.9605 },
  Proxifier: { format: '\\[<Time>\\] <Program> - <Content>', drain: 0.5265, brain: 1 },
  Mac: { format: '<Month>  <Date> <Time> <User> <Component>\\[<PID>\\]( \\(<Address>\\))?: <Content>', drain: 0.7865, brain: 0.942 },
  HPC: { format: '<LogId> <Node> <Component> <State> <Time> <Flag> <Content>', drain: 0.887, brain: 0.945 },
  Thunderbird: { format: '<Label> <Timestamp> <Date> <User> <Month> <Day> <Time> <Location> <Component>(\\[<PID>\\])?: <Content>', drain: 0.955, brain: 0.971 },
  Windows: { format: '<Date> <Time>, <Level>                  <Component>    <Content>', drain: 0.997, brain: 0.997 },
  Linux: { format: '<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>', drain: 0.69, brain: 0.996 },
  HealthApp: { format: '<Time>\\|<Component>\\|<Pid>\\|<Content>', drain: 0.78, brain: 1 },
  Apache: { format: '\\[<Time>\\] \\[<Level>\\] <Content>', drain: 1, brain: 1 },
  OpenSSH: { format: '<Date> <Day> <Time> <Component> sshd\\[<Pid>\\]: <Content>', drain: 0.7875, brain: 1 },
  OpenStack: { format: '<Logrecord> <Date> <Time> <Pid> <Level> <Component> \\[<ADDR>\\] <Content>', drain: 0.7325, brain: 1 },
};

/** The 8 systems the targets are defined on. */
export const TARGET_SYSTEMS = ['HDFS', 'Hadoop', 'Spark', 'Zookeeper', 'BGL', 'Android', 'Proxifier', 'Mac'] as const;
