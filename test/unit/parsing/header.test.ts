import { describe, expect, it } from 'vitest';
import { HeaderParser, inferHeaderStructure, type HeaderOptions, type HeaderScan, type HeaderStructure } from '../../../shared/parsing/header.ts';
import { TIMESTAMP_PATTERNS } from '../../../shared/parsing/timestamps.ts';
import type { ParsedLine } from '../../../shared/parsing/types.ts';
import { placedText } from '../../helpers/code-units.ts';

/** A fixed year for syslog and other year-less times, so the expected values do not depend on today's date. */
const options: HeaderOptions = { referenceYear: 2023 };

/** Index of a timestamp pattern by its name, failing loudly when the name is unknown. */
function pattern(name: string): number {
  const index = TIMESTAMP_PATTERNS.findIndex((p) => p.name === name);
  if (index < 0) throw new Error(`no timestamp pattern named ${name}`);
  return index;
}

// Samples of about twenty lines per header form, written in the style of the systems that produce them.

const LOG4J = [
  '2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001',
  '2015-10-18 18:01:48,963 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Executing with tokens:',
  '2015-10-18 18:01:48,963 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Kind: YARN_AM_RM_TOKEN, Service: , Ident: (appAttemptId { application_id { id: 20 } attemptId: 1 } keyId: -127633188)',
  '2015-10-18 18:01:49,228 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Using mapred newApiCommitter.',
  '2015-10-18 18:01:50,353 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: OutputCommitter set in config null',
  '2015-10-18 18:01:50,432 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: OutputCommitter is org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter',
  '2015-10-18 18:01:50,463 INFO [main] org.apache.hadoop.yarn.event.AsyncDispatcher: Registering class org.apache.hadoop.mapreduce.jobhistory.EventType for class org.apache.hadoop.mapreduce.jobhistory.JobHistoryEventHandler',
  '2015-10-18 18:01:51,180 INFO [main] org.apache.hadoop.metrics2.impl.MetricsConfig: loaded properties from hadoop-metrics2.properties',
  '2015-10-18 18:01:51,259 INFO [main] org.apache.hadoop.metrics2.impl.MetricsSystemImpl: Scheduled snapshot period at 10 second(s).',
  '2015-10-18 18:01:51,259 INFO [main] org.apache.hadoop.metrics2.impl.MetricsSystemImpl: MRAppMaster metrics system started',
  '2015-10-18 18:01:51,275 INFO [main] org.apache.hadoop.mapreduce.v2.app.job.impl.JobImpl: Adding job token for job_1445144423722_0020 to jobTokenSecretManager',
  '2015-10-18 18:01:51,451 WARN [main] org.apache.hadoop.mapreduce.v2.app.job.impl.JobImpl: Not uberizing job_1445144423722_0020 because: not enabled; too many maps;',
  '2015-10-18 18:01:51,478 INFO [main] org.apache.hadoop.mapreduce.v2.app.job.impl.JobImpl: Input size for job job_1445144423722_0020 = 1256521728. Number of splits = 10',
  '2015-10-18 18:01:51,479 INFO [main] org.apache.hadoop.mapreduce.v2.app.job.impl.JobImpl: Number of reduces for job job_1445144423722_0020 = 1',
  '2015-10-18 18:02:05,118 INFO [RMCommunicator Allocator] org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: Before Scheduling: PendingReds:1 ScheduledMaps:10',
  '2015-10-18 18:02:06,150 INFO [RMCommunicator Allocator] org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: Got allocated containers 1',
  '2015-10-18 18:02:07,221 ERROR [RMCommunicator Allocator] org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: ERROR IN CONTACTING RM.',
  '2015-10-18 18:02:08,345 INFO [AsyncDispatcher event handler] org.apache.hadoop.mapreduce.v2.app.job.impl.TaskAttemptImpl: attempt_1445144423722_0020_m_000000_0 TaskAttempt Transitioned from NEW to UNASSIGNED',
  '2015-10-18 18:02:09,019 DEBUG [IPC Server handler 3 on 62270] org.apache.hadoop.mapred.TaskAttemptListenerImpl: JVM with ID : jvm_1445144423722_0020_m_000002 asked for a task',
  '2015-10-18 18:02:10,442 INFO org.apache.hadoop.mapred.TaskAttemptListenerImpl: Progress of TaskAttempt attempt_1445144423722_0020_m_000002_0 is : 0.10',
];

const SPARK = [
  '17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]',
  '17/06/09 20:10:40 INFO spark.SecurityManager: Changing view acls to: yarn,curi',
  '17/06/09 20:10:40 INFO spark.SecurityManager: Changing modify acls to: yarn,curi',
  '17/06/09 20:10:40 INFO spark.SecurityManager: SecurityManager: authentication disabled; ui acls disabled; users with view permissions: Set(yarn, curi)',
  '17/06/09 20:10:41 INFO slf4j.Slf4jLogger: Slf4jLogger started',
  '17/06/09 20:10:41 INFO Remoting: Starting remoting',
  '17/06/09 20:10:41 INFO Remoting: Remoting started; listening on addresses :[akka.tcp://sparkExecutorActorSystem@mesos-slave-07:55904]',
  "17/06/09 20:10:41 INFO util.Utils: Successfully started service 'sparkExecutorActorSystem' on port 55904.",
  '17/06/09 20:10:41 INFO storage.DiskBlockManager: Created local directory at /opt/hdfs/nodemanager/usercache/curi/appcache/application_1485248649253_0147/blockmgr-70293f72',
  '17/06/09 20:10:41 INFO storage.MemoryStore: MemoryStore started with capacity 17.7 GB',
  '17/06/09 20:10:42 INFO executor.CoarseGrainedExecutorBackend: Connecting to driver: spark://CoarseGrainedScheduler@10.10.34.11:48069',
  '17/06/09 20:10:42 INFO executor.CoarseGrainedExecutorBackend: Successfully registered with driver',
  '17/06/09 20:10:42 INFO executor.Executor: Starting executor ID 5 on host mesos-slave-07',
  "17/06/09 20:10:42 INFO util.Utils: Successfully started service 'org.apache.spark.network.netty.NettyBlockTransferService' on port 40984.",
  '17/06/09 20:10:42 INFO netty.NettyBlockTransferService: Server created on 40984',
  '17/06/09 20:10:42 INFO storage.BlockManagerMaster: Trying to register BlockManager',
  '17/06/09 20:10:43 INFO storage.BlockManagerMaster: Registered BlockManager',
  '17/06/09 20:10:44 INFO executor.CoarseGrainedExecutorBackend: Got assigned task 101',
  '17/06/09 20:10:44 WARN executor.Executor: Told to kill task 101 while it was already finishing',
  '17/06/09 20:10:45 INFO broadcast.TorrentBroadcast: Started reading broadcast variable 4',
];

const HDFS = [
  '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating',
  '081109 203807 222 INFO dfs.DataNode$PacketResponder: PacketResponder 0 for block blk_-6952295868487656571 terminating',
  '081109 204005 35 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.73.220:50010 is added to blk_7128370237687728475 size 67108864',
  '081109 204015 308 INFO dfs.DataNode$PacketResponder: PacketResponder 2 for block blk_8229193803249955061 terminating',
  '081109 204106 329 INFO dfs.DataNode$PacketResponder: PacketResponder 2 for block blk_-6670958622368987959 terminating',
  '081109 204132 26 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.43.115:50010 is added to blk_3050920587428079149 size 67108864',
  '081109 204324 34 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.203.80:50010 is added to blk_7888946331804732825 size 67108864',
  '081109 204525 512 INFO dfs.DataNode$PacketResponder: PacketResponder 2 for block blk_572492839287299681 terminating',
  '081109 204655 556 INFO dfs.DataNode$PacketResponder: Received block blk_3587508140051953248 of size 67108864 from /10.251.42.84',
  '081109 204722 567 INFO dfs.DataNode$PacketResponder: Received block blk_5402003568334525940 of size 67108864 from /10.251.214.112',
  '081109 204815 653 INFO dfs.DataNode$DataXceiver: Receiving block blk_5792489080791696128 src: /10.251.30.6:33145 dest: /10.251.30.6:50010',
  '081109 204842 663 INFO dfs.DataNode$DataXceiver: Receiving block blk_1724757848743533110 src: /10.251.111.130:49851 dest: /10.251.111.130:50010',
  '081109 204908 31 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.110.8:50010 is added to blk_8015913224713045110 size 67108864',
  '081109 204925 673 INFO dfs.DataNode$DataXceiver: Receiving block blk_-5623176793330377570 src: /10.251.75.228:53725 dest: /10.251.75.228:50010',
  '081109 205035 28 INFO dfs.FSNamesystem: BLOCK* NameSystem.allocateBlock: /user/root/rand/_temporary/_task_200811092030_0001_m_000590_0/part-00590. blk_-1727475099218615100',
  '081109 205056 710 INFO dfs.DataNode$PacketResponder: Received block blk_5017373558217225674 of size 67108864 from /10.251.71.16',
  '081109 205157 752 INFO dfs.DataNode$DataXceiver: Receiving block blk_9212264480425680329 src: /10.251.123.1:57158 dest: /10.251.123.1:50010',
  '081109 205315 29 WARN dfs.DataNode$DataXceiver: 10.251.30.85:50010:Got exception while serving blk_-2918118818249673980 to /10.251.90.64:',
  '081109 205416 29 INFO dfs.FSNamesystem: BLOCK* NameSystem.delete: blk_-5220592223460006536 is added to invalidSet of 10.251.71.193:50010',
  '081109 205931 13 INFO dfs.DataBlockScanner: Verification succeeded for blk_-4980916519894289629',
];

const SYSLOG = [
  'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4',
  'Jun 14 15:16:02 combo sshd(pam_unix)[19937]: check pass; user unknown',
  'Jun 14 15:16:02 combo sshd(pam_unix)[19937]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4',
  'Jun 15 02:04:59 combo sshd(pam_unix)[20882]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=220-135-151-1.hinet-ip.hinet.net  user=root',
  'Jun 15 04:06:18 combo su(pam_unix)[21416]: session opened for user cyrus by (uid=0)',
  'Jun 15 04:06:19 combo su(pam_unix)[21416]: session closed for user cyrus',
  'Jun 15 04:06:20 combo logrotate: ALERT exited abnormally with [1]',
  'Jun 15 04:12:42 combo su(pam_unix)[22644]: session opened for user news by (uid=0)',
  'Jun 15 04:12:43 combo su(pam_unix)[22644]: session closed for user news',
  'Jun 15 12:12:34 combo sshd(pam_unix)[23397]: check pass; user unknown',
  'Jun 15 14:53:32 combo ftpd[23661]: connection from 211.107.232.1 () at Wed Jun 15 14:53:32 2005',
  'Jun 15 14:53:32 combo ftpd[23662]: connection from 211.107.232.1 () at Wed Jun 15 14:53:32 2005',
  'Jun 16 04:10:22 combo su(pam_unix)[25178]: session opened for user cyrus by (uid=0)',
  'Jun 16 04:16:17 combo su(pam_unix)[25548]: session opened for user news by (uid=0)',
  'Jun 17 04:03:33 combo su(pam_unix)[27953]: session closed for user cyrus',
  'Jun 17 07:07:00 combo ftpd[29504]: connection from 24.54.76.216 (24-54-76-216.bflony.adelphia.net) at Fri Jun 17 07:07:00 2005',
  'Jun 17 19:43:13 combo sshd(pam_unix)[30565]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=211.46.224.253  user=guest',
  'Jun 18 01:30:59 combo kernel: klogd 1.4.1, log source = /proc/kmsg started.',
  'Jun  9 06:06:20 combo syslogd 1.4.1: restart.',
  'Jun 18 02:08:10 combo cups: cupsd shutdown succeeded',
];

const ZOOKEEPER = [
  '2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200',
  '2015-07-29 17:41:44,761 - INFO  [WorkerReceiver[myid=1]:FastLeaderElection@542] - Notification: 1 (n.leader), 0x0 (n.zxid), 0x1 (n.round), LOOKING (n.state)',
  '2015-07-29 17:41:44,765 - WARN  [SendWorker:188978561024:QuorumCnxManager$SendWorker@679] - Interrupted while waiting for message on queue',
  '2015-07-29 17:41:44,766 - WARN  [SendWorker:188978561024:QuorumCnxManager$SendWorker@688] - Send worker leaving thread',
  '2015-07-29 17:41:45,001 - INFO  [/10.10.34.11:3888:QuorumCnxManager$Listener@493] - Received connection request /10.10.34.12:45307',
  '2015-07-29 17:41:45,120 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:QuorumPeer@670] - LEADING',
  '2015-07-29 17:41:45,126 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:Leader@358] - LEADING - LEADER ELECTION TOOK - 4306',
  '2015-07-29 17:41:45,200 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FileTxnSnapLog@240] - Snapshotting: 0x0 to /var/lib/zookeeper/version-2/snapshot.0',
  '2015-07-29 17:41:46,310 - INFO  [LearnerHandler-/10.10.34.12:35276:LearnerHandler@330] - Follower sid: 2 : info : org.apache.zookeeper.server.quorum.QuorumPeer$QuorumServer@2b2f4e11',
  '2015-07-29 17:41:46,319 - INFO  [LearnerHandler-/10.10.34.12:35276:LearnerHandler@385] - Synchronizing with Follower sid: 2 maxCommittedLog=0x0 minCommittedLog=0x0',
  '2015-07-29 17:41:46,320 - INFO  [LearnerHandler-/10.10.34.12:35276:LearnerHandler@462] - Sending SNAP',
  '2015-07-29 17:41:47,002 - INFO  [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxnFactory@197] - Accepted socket connection from /10.10.34.13:37177',
  '2015-07-29 17:41:47,010 - INFO  [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:ZooKeeperServer@839] - Client attempting to establish new session at /10.10.34.13:37177',
  '2015-07-29 17:41:47,030 - INFO  [CommitProcessor:1:ZooKeeperServer@595] - Established session 0x14ed93111f20000 with negotiated timeout 10000 for client /10.10.34.13:37177',
  '2015-07-29 17:41:48,514 - WARN  [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxn@357] - caught end of stream exception',
  '2015-07-29 17:41:48,515 - INFO  [NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxn@1007] - Closed socket connection for client /10.10.34.13:37177',
  '2015-07-29 17:41:50,001 - INFO  [SessionTracker:ZooKeeperServer@325] - Expiring session 0x14ed93111f20001, timeout of 10000ms exceeded',
  '2015-07-29 17:41:50,002 - INFO  [ProcessThread(sid:1 cport:-1)::PrepRequestProcessor@476] - Processed session termination for sessionid: 0x14ed93111f20001',
  '2015-07-29 17:41:52,004 - ERROR [LearnerHandler-/10.10.34.13:42187:LearnerHandler@562] - Unexpected exception causing shutdown while sock still open',
  '2015-07-29 17:41:53,110 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:Learner@323] - Getting a snapshot from leader',
];

const PIPE = [
  '20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579',
  '20171223-22:15:29:615|Step_LSC|30002312|onExtend:1514038530000 14 0 4',
  '20171223-22:15:29:633|Step_StandReportReceiver|30002312|onReceive action: android.intent.action.SCREEN_ON',
  '20171223-22:15:29:635|Step_LSC|30002312|processHandleBroadcastAction action:android.intent.action.SCREEN_ON',
  '20171223-22:15:29:635|Step_StandStepCounter|30002312|flush sensor data',
  '20171223-22:15:29:635|Step_SPUtils|30002312| getTodayTotalDetailSteps = 1514038440000##6993##548365##8661##12266##27164404',
  '20171223-22:15:29:636|Step_SPUtils|30002312|setTodayTotalDetailSteps=1514038440000##7007##548365##8661##12361##27173954',
  '20171223-22:15:29:645|Step_LSC|30002312|onStandStepChanged 3580',
  '20171223-22:15:29:648|Step_ExtSDM|30002312|calculateCaloriesWithCache totalCalories=126775',
  '20171223-22:15:29:649|Step_ExtSDM|30002312|calculateAltitudeWithCache totalAltitude=240',
  '20171223-22:15:29:650|Step_StandStepCounter|30002312|REPORT : 7007 5002 150089 240',
  '20171223-22:15:30:012|Step_LSC|30002312|onStandStepChanged 3581',
  '20171223-22:15:30:020|Step_HGNH|30002312|setHealthData: totalSteps=7008',
  '20171223-22:15:31:311|Step_SPUtils|30002312| getTodayTotalDetailSteps = 1514038440000##7008##548365##8661##12361##27173954',
  '20171223-22:15:32:400|Step_LSC|30002312|onStandStepChanged 3582',
  '20171223-22:15:32:401|Step_ExtSDM|30002312|calculateCaloriesWithCache totalCalories=126790',
  '20171223-22:15:33:520|Step_StandReportReceiver|30002312|onReceive action: android.intent.action.SCREEN_OFF',
  '20171223-22:15:34:002|Step_LSC|30002312|processHandleBroadcastAction action:android.intent.action.SCREEN_OFF',
  '20171223-22:15:35:114|Step_HGNH|30002312|flushTempCacheToHealth 7008',
  '20171223-22:15:36:890|Step_LSC|30002312|onStandStepChanged 3583',
];

const PADDED = [
  '2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack v6.1.7601.23505 with Core: C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack\\cbscore.dll',
  '2016-09-28 04:30:31, Info                  CSI    00000001@2016/9/27:20:30:31.455 WcpInitialize (wcp.dll version 0.0.0.6) called (stack @0x7fed806eb5d @0x7fefa1c8728)',
  '2016-09-28 04:30:31, Info                  CSI    00000002@2016/9/27:20:30:31.458 WcpInitialize (wcp.dll version 0.0.0.6) called (stack @0x7fed806eb5d @0x7fefa1e4a3c)',
  '2016-09-28 04:30:31, Info                  CBS    Ending TrustedInstaller initialization.',
  '2016-09-28 04:30:31, Info                  CBS    Starting the TrustedInstaller main loop.',
  '2016-09-28 04:30:31, Info                  CBS    TrustedInstaller service starts successfully.',
  '2016-09-28 04:30:31, Info                  CBS    SQM: Initializing online with Windows opt-in: False',
  '2016-09-28 04:30:31, Info                  CBS    SQM: Cleaning up report files older than 10 days.',
  '2016-09-28 04:30:31, Info                  CBS    SQM: Requesting upload of all unsent reports.',
  '2016-09-28 04:30:31, Info                  CBS    SQM: Failed to start upload with file pattern: C:\\Windows\\servicing\\sqm\\*_std.sqm, flags: 0x2 [HRESULT = 0x80004005 - E_FAIL]',
  '2016-09-28 04:30:31, Info                  CBS    No startup processing required, TrustedInstaller service was not set as autostart.',
  '2016-09-28 04:30:31, Info                  CBS    NonStart: Checking to ensure startup processing was not required.',
  '2016-09-28 04:30:31, Info                  CSI    00000003 IAdvancedInstallerAwareStore_ResolvePendingTransactions (call 1) (flags = 00000004, progress = NULL, phase = 0)',
  '2016-09-28 04:30:31, Info                  CBS    Session: 30546174_3022337042 initialized by client WindowsUpdateAgent.',
  '2016-09-28 04:30:32, Info                  CBS    Read out cached package applicability for package: Package_for_KB2919355~31bf3856ad364e35~amd64~~6.3.1.14, ApplicableState: 112',
  '2016-09-28 04:30:32, Warning               CBS    Failed to get next package to re-evaluate [HRESULT = 0x800f0805 - CBS_E_INVALID_PACKAGE]',
  '2016-09-28 04:30:33, Info                  CBS    Session: 30546174_3033584286 finalized. Reboot required: no [HRESULT = 0x00000000 - S_OK]',
  '2016-09-28 04:30:34, Error                 CSI    00000004 (F) STATUS_SXS_ASSEMBLY_MISSING #17 [HRESULT = 0x80073701 - ERROR_SXS_ASSEMBLY_MISSING]',
  '2016-09-28 04:30:35, Info                  CBS    Scavenge: Starts',
  '2016-09-28 04:30:36, Info                  CBS    Scavenge: Completed, disposition: 0x1',
];

const HPC = [
  '134681 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change: Component \\042alt0\\042 is in the unavailable state (HWID=5182)',
  '2561 node-91 action start 1077804743 1 clusterAddMember  (command 1902)',
  '2562 node-92 action start 1077804743 1 clusterAddMember  (command 1902)',
  '460 node-130 boot_cmd new 1077804750 1 Targeting domains:node-D1 and nodes:node-[40-63] child of command 2147',
  '134682 node-247 unix.hw state_change.unavailable 1077804760 1 Component State Change: Component \\042alt0\\042 is in the unavailable state (HWID=5183)',
  '2563 node-93 action error 1077804761 1 boot command Exited with error',
  '77001 node-93 unix.hw fan.speed 1077804762 1 Fan: speed of fan 2 dropped below 3000 rpm',
  '134683 node-248 unix.hw state_change.unavailable 1077804770 1 Component State Change: Component \\042alt0\\042 is in the unavailable state (HWID=5184)',
  '99001 gige7 gige.link link.up 1077804780 1 Link up on port 3',
  '99002 gige7 gige.link link.down 1077804790 1 Link down on port 3',
  '77002 node-94 unix.hw temp.high 1077804795 1 Temperature: 71C on cpu 1 above limit 70C',
  '2565 node-95 action start 1077804801 1 clusterAddMember  (command 1904)',
  '461 node-131 boot_cmd new 1077804810 1 Targeting domains:node-D2 and nodes:node-[64-87] child of command 2148',
  '134684 node-249 unix.hw state_change.unavailable 1077804820 1 Component State Change: Component \\042alt0\\042 is in the unavailable state (HWID=5185)',
  '2566 node-96 action start 1077804830 1 clusterAddMember  (command 1905)',
  '99003 gige8 gige.link link.up 1077804840 1 Link up on port 7',
  '77003 node-97 unix.hw fan.speed 1077804845 1 Fan: speed of fan 1 back to 5200 rpm',
  '134685 node-250 unix.hw state_change.available 1077804860 1 Component State Change: Component \\042alt0\\042 is in the running state (HWID=5186)',
  '462 node-132 boot_cmd new 1077804880 1 Targeting domains:node-D3 and nodes:node-[88-111] child of command 2149',
  '99004 gige9 gige.link link.up 1077804890 1 Link up on port 1',
];

const THUNDERBIRD = [
  '1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root',
  '1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session opened for user root by (uid=0)',
  '1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond[2916]: (root) CMD (run-parts /etc/cron.hourly)',
  '1131566462 2005.11.09 bn251 Nov 9 12:01:02 bn251/bn251 kernel: e1000: eth0: e1000_watchdog: NIC Link is Up 1000 Mbps Full Duplex',
  '1131566463 2005.11.09 an316 Nov 9 12:01:03 an316/an316 sshd[10002]: Accepted publickey for root from 10.100.4.251 port 41742 ssh2',
  '1131566463 2005.11.09 an316 Nov 9 12:01:03 an316/an316 sshd(pam_unix)[10002]: session opened for user root by (uid=0)',
  '1131566464 2005.11.09 an316 Nov 9 12:01:04 an316/an316 sshd(pam_unix)[10002]: session closed for user root',
  '1131566470 2005.11.09 tbird-admin1 Nov 9 12:01:10 local@tbird-admin1 /apps/x86_64/system/ganglia-3.0.1/sbin/gmetad[1682]: data_thread() got not answer from any [Thunderbird_C8] datasource',
  '1131566480 2005.11.09 dn73 Nov 9 12:01:20 dn73/dn73 ntpd[7452]: synchronized to 10.100.18.250, stratum 3',
  '1131566490 2005.11.09 dn73 Nov 9 12:01:30 dn73/dn73 crond(pam_unix)[7533]: session closed for user root',
  '1131566501 2005.11.09 cn14 Nov 9 12:01:41 cn14/cn14 kernel: Losing some ticks... checking if CPU frequency changed.',
  '1131566510 2005.11.09 cn14 Nov 9 12:01:50 cn14/cn14 crond[2433]: (root) CMD (run-parts /etc/cron.hourly)',
  '1131566521 2005.11.09 dn228 Nov 9 12:02:01 dn228/dn228 crond(pam_unix)[2950]: session opened for user root by (uid=0)',
  '1131566531 2005.11.09 bn251 Nov 9 12:02:11 bn251/bn251 sshd[11002]: Accepted publickey for root from 10.100.4.251 port 41800 ssh2',
  '1131566541 2005.11.09 an316 Nov 9 12:02:21 an316/an316 kernel: e1000: eth1: e1000_watchdog: NIC Link is Down',
  '1131566551 2005.11.09 dn73 Nov 9 12:02:31 dn73/dn73 ntpd[7452]: kernel time sync enabled 0001',
  '1131566561 2005.11.09 cn14 Nov 9 12:02:41 cn14/cn14 crond(pam_unix)[2499]: session closed for user root',
  '1131566571 2005.11.09 dn228 Nov 9 12:02:51 dn228/dn228 sshd(pam_unix)[3001]: session opened for user root by (uid=0)',
  '1131566581 2005.11.09 an316 Nov 9 12:03:01 an316/an316 crond[10110]: (root) CMD (run-parts /etc/cron.hourly)',
  '1131566591 2005.11.09 bn251 Nov 9 12:03:11 bn251/bn251 kernel: NFS: server 10.100.18.250 not responding, still trying',
];

const APACHE = [
  '[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties',
  '[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6',
  '[Sun Dec 04 04:51:08 2005] [notice] jk2_init() Found child 6725 in scoreboard slot 10',
  '[Sun Dec 04 04:51:09 2005] [notice] jk2_init() Found child 6726 in scoreboard slot 8',
  '[Sun Dec 04 04:51:14 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties',
  '[Sun Dec 04 04:51:18 2005] [error] mod_jk child workerEnv in error state 6',
  '[Sun Dec 04 04:52:04 2005] [notice] jk2_init() Found child 6736 in scoreboard slot 10',
  '[Sun Dec 04 04:52:05 2005] [notice] jk2_init() Found child 6733 in scoreboard slot 7',
  '[Sun Dec 04 04:52:15 2005] [error] [client 222.166.160.184] Directory index forbidden by rule: /var/www/html/',
  '[Sun Dec 04 04:52:36 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties',
  '[Sun Dec 04 04:53:05 2005] [error] mod_jk child workerEnv in error state 7',
  '[Sun Dec 04 05:04:03 2005] [error] [client 218.62.18.218] Directory index forbidden by rule: /var/www/html/',
  '[Sun Dec 04 05:15:09 2005] [notice] jk2_init() Found child 6982 in scoreboard slot 6',
  '[Sun Dec 04 05:15:13 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties',
  '[Sun Dec 04 05:15:13 2005] [error] mod_jk child workerEnv in error state 6',
  '[Sun Dec 04 06:01:00 2005] [notice] Apache/2.0.49 (Fedora) configured -- resuming normal operations',
  '[Sun Dec 04 06:11:11 2005] [warn] child process 7103 still did not exit, sending a SIGTERM',
  "[Sun Dec 04 06:13:40 2005] [error] jk2_init() Can't find child 7164 in scoreboard",
  '[Sun Dec 04 06:16:05 2005] [notice] jk2_init() Found child 7193 in scoreboard slot 9',
  '[Sun Dec 04 06:18:00 2005] [notice] caught SIGTERM, shutting down',
];

const GO = [
  '2024-05-01T12:00:00.123Z WARN worker: queue depth 1532 above soft limit 1000',
  '2024-05-01T12:00:00.456Z INFO worker: picked job 7f3a2c from queue default',
  '2024-05-01T12:00:01.002Z INFO api: GET /v1/orders/8812 200 14ms',
  '2024-05-01T12:00:01.030Z INFO api: POST /v1/orders 201 52ms',
  '2024-05-01T12:00:01.511Z DEBUG cache: miss for key order:8813',
  '2024-05-01T12:00:02.000Z INFO worker: finished job 7f3a2c in 1.9s',
  '2024-05-01T12:00:02.101Z ERROR db: connection reset by peer (host=10.0.3.7:5432)',
  '2024-05-01T12:00:02.120Z WARN db: retrying query after 100ms (attempt 1 of 3)',
  '2024-05-01T12:00:02.350Z INFO db: reconnected to 10.0.3.7:5432',
  '2024-05-01T12:00:03.000Z INFO api: GET /healthz 200 1ms',
  '2024-05-01T12:00:03.744Z INFO worker: picked job 91bd04 from queue priority',
  '2024-05-01T12:00:04.012Z DEBUG cache: hit for key order:8812',
  '2024-05-01T12:00:04.500Z INFO api: DELETE /v1/orders/8790 204 9ms',
  '2024-05-01T12:00:05.001Z WARN api: slow request GET /v1/reports/monthly took 2.4s',
  '2024-05-01T12:00:05.900Z INFO worker: finished job 91bd04 in 2.1s',
  '2024-05-01T12:00:06.250Z ERROR worker: job c0ffee failed: context deadline exceeded',
  '2024-05-01T12:00:06.300Z INFO scheduler: next run of cleanup at 2024-05-01T13:00:00Z',
  '2024-05-01T12:00:07.000Z INFO api: GET /v1/orders/8814 404 3ms',
  '2024-05-01T12:00:07.410Z DEBUG cache: evicted 120 keys (memory pressure)',
  '2024-05-01T12:00:08.000Z INFO worker: queue depth 880 below soft limit 1000',
];

const LEVEL_ONLY = [
  'ERROR: disk full',
  'INFO: backup started for volume /data',
  'INFO: copied 1532 files (2.1 GB)',
  'WARNING: file /data/tmp/cache.db changed during backup',
  'INFO: copied 1890 files (2.4 GB)',
  'ERROR: could not open /data/locked/app.lock: permission denied',
  'INFO: backup finished in 312 s',
  'DEBUG: pruning snapshots older than 30 days',
  'INFO: removed snapshot 2024-04-01',
  'INFO: removed snapshot 2024-04-02',
  'WARNING: snapshot 2024-04-03 is in use, keeping it',
  'INFO: verifying archive checksum',
  'INFO: checksum ok',
  'ERROR: upload to remote failed: connection timed out',
  'INFO: retrying upload in 30 s',
  'INFO: upload finished',
  'INFO: next backup scheduled for tomorrow 02:00',
  'ERROR: disk full',
  'INFO: cleaning temporary files',
  'backup done',
];

const NO_HEADER = [
  'starting backup of /data',
  'copied 1532 files',
  'skipped 3 locked files',
  'disk usage is at 91 percent',
  'connection to remote established',
  'uploading archive part 1 of 4',
  'uploading archive part 2 of 4',
  'error: uploading archive part 3 of 4 failed, retrying',
  'uploading archive part 4 of 4',
  'upload finished in 212 seconds',
  'verifying remote checksum',
  'checksum matches',
  'removing temporary files',
  'removed 17 temporary files',
  'pruning old snapshots',
  'kept 7 daily snapshots',
  'kept 4 weekly snapshots',
  'backup complete',
  'next run scheduled for tomorrow',
  'exiting with status 0',
];

describe('Function: inferHeaderStructure', () => {
  // form, sample, expected structure
  const golden: ReadonlyArray<readonly [string, readonly string[], HeaderStructure]> = [
    ['log4j', LOG4J, { leadingColumns: 0, timestampPattern: pattern('iso8601'), steps: ['level', 'bracket', 'component'], zoneAssumed: true }],
    ['Spark', SPARK, { leadingColumns: 0, timestampPattern: pattern('yy/MM/dd HH:mm:ss'), steps: ['level', 'component'], zoneAssumed: true }],
    ['HDFS', HDFS, { leadingColumns: 0, timestampPattern: pattern('yyMMdd HHmmss'), steps: ['number', 'level', 'component'], zoneAssumed: true }],
    ['syslog', SYSLOG, { leadingColumns: 0, timestampPattern: pattern('syslog'), steps: ['host', 'component'], zoneAssumed: true }],
    [
      'Zookeeper',
      ZOOKEEPER,
      { leadingColumns: 0, timestampPattern: pattern('iso8601'), steps: ['separator', 'level', 'bracket', 'separator'], zoneAssumed: true },
    ],
    [
      'pipe-delimited',
      PIPE,
      { leadingColumns: 0, timestampPattern: pattern('yyyyMMdd-HH:mm:ss'), steps: ['pipe-field', 'pipe-field', 'separator'], zoneAssumed: true },
    ],
    [
      'padded columns',
      PADDED,
      { leadingColumns: 0, timestampPattern: pattern('iso8601'), steps: ['separator', 'level', 'padded-component'], zoneAssumed: true },
    ],
    ['leading columns', HPC, { leadingColumns: 4, timestampPattern: pattern('epoch'), steps: ['number'], zoneAssumed: false }],
    [
      'several times',
      THUNDERBIRD,
      {
        leadingColumns: 3,
        timestampPattern: pattern('syslog'),
        steps: ['host', 'component'],
        zoneAssumed: false,
        zonedTimestamp: { column: 0, pattern: pattern('epoch') },
      },
    ],
    ['Apache error log', APACHE, { leadingColumns: 0, timestampPattern: pattern('ctime'), steps: ['level'], zoneAssumed: true }],
    ['Go', GO, { leadingColumns: 0, timestampPattern: pattern('iso8601'), steps: ['level', 'component'], zoneAssumed: false }],
    ['level only', LEVEL_ONLY, { leadingColumns: 0, timestampPattern: undefined, steps: ['level'], zoneAssumed: false }],
    ['no header', NO_HEADER, { leadingColumns: 0, timestampPattern: undefined, steps: [], zoneAssumed: false }],
  ];

  it.each(golden)('infers the %s header from a sample', (_form, sample, expected) => {
    // Prepare
    const lines = [...sample];

    // Act
    const structure = inferHeaderStructure(lines, options);

    // Assess
    expect(structure).toEqual(expected);
  });

  it('infers no header from an empty or blank sample', () => {
    // Prepare
    const samples = [[], ['', '   ', '\t']];

    // Act
    const structures = samples.map((sample) => inferHeaderStructure(sample, options));

    // Assess
    for (const structure of structures) {
      expect(structure).toEqual({ leadingColumns: 0, timestampPattern: undefined, steps: [], zoneAssumed: false });
    }
  });

  it('keeps the timestamp when stack-trace lines without one are a large minority', () => {
    // Prepare
    const sample = [
      ...SPARK.slice(0, 12),
      'java.io.IOException: Connection reset by peer',
      '\tat sun.nio.ch.FileDispatcherImpl.read0(Native Method)',
      '\tat sun.nio.ch.SocketDispatcher.read(SocketDispatcher.java:39)',
      '\tat sun.nio.ch.IOUtil.readIntoNativeBuffer(IOUtil.java:223)',
      '\tat io.netty.buffer.PooledUnsafeDirectByteBuf.setBytes(PooledUnsafeDirectByteBuf.java:311)',
      '\tat io.netty.channel.nio.NioEventLoop.run(NioEventLoop.java:354)',
    ];

    // Act
    const structure = inferHeaderStructure(sample, options);

    // Assess
    expect(structure.timestampPattern).toBe(pattern('yy/MM/dd HH:mm:ss'));
    expect(structure.steps).toEqual(['level', 'component']);
  });

  it('leaves out a step fewer lines than the agreement share have', () => {
    // Prepare: three lines in four carry a thread in brackets
    const sample = LOG4J.slice(0, 16).map((line, i) => (i % 4 === 0 ? line.replace(' [main]', '').replace(' [RMCommunicator Allocator]', '') : line));

    // Act
    const strict = inferHeaderStructure(sample, options);
    const lenient = inferHeaderStructure(sample, { ...options, agreement: 0.7 });

    // Assess
    expect(strict.steps).toEqual(['level']);
    expect(lenient.steps).toEqual(['level', 'bracket', 'component']);
  });
});

describe('Class: HeaderParser', () => {
  // form, sample, index of the line parsed, expected parse
  const golden: ReadonlyArray<readonly [string, readonly string[], number, ParsedLine]> = [
    [
      'log4j',
      LOG4J,
      0,
      {
        timestampMs: Date.UTC(2015, 9, 18, 18, 1, 47, 978),
        level: 'INFO',
        component: 'org.apache.hadoop.mapreduce.v2.app.MRAppMaster',
        fields: { thread: 'main' },
        message: 'Created MRAppMaster for application appattempt_1445144423722_0020_000001',
      },
    ],
    [
      'log4j',
      LOG4J,
      14,
      {
        timestampMs: Date.UTC(2015, 9, 18, 18, 2, 5, 118),
        level: 'INFO',
        component: 'org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator',
        fields: { thread: 'RMCommunicator Allocator' },
        message: 'Before Scheduling: PendingReds:1 ScheduledMaps:10',
      },
    ],
    [
      'log4j without a thread',
      LOG4J,
      19,
      {
        timestampMs: Date.UTC(2015, 9, 18, 18, 2, 10, 442),
        level: 'INFO',
        component: 'org.apache.hadoop.mapred.TaskAttemptListenerImpl',
        message: 'Progress of TaskAttempt attempt_1445144423722_0020_m_000002_0 is : 0.10',
      },
    ],
    [
      'Spark',
      SPARK,
      18,
      {
        timestampMs: Date.UTC(2017, 5, 9, 20, 10, 44),
        level: 'WARN',
        component: 'executor.Executor',
        message: 'Told to kill task 101 while it was already finishing',
      },
    ],
    [
      'Spark, with a message that starts like a component',
      SPARK,
      3,
      {
        timestampMs: Date.UTC(2017, 5, 9, 20, 10, 40),
        level: 'INFO',
        component: 'spark.SecurityManager',
        message: 'SecurityManager: authentication disabled; ui acls disabled; users with view permissions: Set(yarn, curi)',
      },
    ],
    [
      'HDFS',
      HDFS,
      0,
      {
        timestampMs: Date.UTC(2008, 10, 9, 20, 36, 15),
        level: 'INFO',
        component: 'dfs.DataNode$PacketResponder',
        fields: { pid: '148' },
        message: 'PacketResponder 1 for block blk_38865049064139660 terminating',
      },
    ],
    [
      'HDFS, with a message that starts with an address and a colon',
      HDFS,
      17,
      {
        timestampMs: Date.UTC(2008, 10, 9, 20, 53, 15),
        level: 'WARN',
        component: 'dfs.DataNode$DataXceiver',
        fields: { pid: '29' },
        message: '10.251.30.85:50010:Got exception while serving blk_-2918118818249673980 to /10.251.90.64:',
      },
    ],
    [
      'syslog',
      SYSLOG,
      0,
      {
        timestampMs: Date.UTC(2023, 5, 14, 15, 16, 1),
        component: 'sshd(pam_unix)',
        fields: { host: 'combo', pid: '19939' },
        message: 'authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4',
      },
    ],
    [
      'syslog without a pid',
      SYSLOG,
      6,
      {
        timestampMs: Date.UTC(2023, 5, 15, 4, 6, 20),
        component: 'logrotate',
        fields: { host: 'combo' },
        message: 'ALERT exited abnormally with [1]',
      },
    ],
    [
      'syslog with a space-padded day and no tag',
      SYSLOG,
      18,
      {
        timestampMs: Date.UTC(2023, 5, 9, 6, 6, 20),
        fields: { host: 'combo' },
        message: 'syslogd 1.4.1: restart.',
      },
    ],
    [
      'Zookeeper',
      ZOOKEEPER,
      0,
      {
        timestampMs: Date.UTC(2015, 6, 29, 17, 41, 44, 747),
        level: 'INFO',
        fields: { thread: 'QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774' },
        message: 'Notification time out: 3200',
      },
    ],
    [
      'Zookeeper, with dashes in the message',
      ZOOKEEPER,
      6,
      {
        timestampMs: Date.UTC(2015, 6, 29, 17, 41, 45, 126),
        level: 'INFO',
        fields: { thread: 'QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:Leader@358' },
        message: 'LEADING - LEADER ELECTION TOOK - 4306',
      },
    ],
    [
      'pipe-delimited',
      PIPE,
      0,
      {
        timestampMs: Date.UTC(2017, 11, 23, 22, 15, 29, 606),
        component: 'Step_LSC',
        fields: { pid: '30002312' },
        message: 'onStandStepChanged 3579',
      },
    ],
    [
      'pipe-delimited, with a space after the last pipe',
      PIPE,
      5,
      {
        timestampMs: Date.UTC(2017, 11, 23, 22, 15, 29, 635),
        component: 'Step_SPUtils',
        fields: { pid: '30002312' },
        message: 'getTodayTotalDetailSteps = 1514038440000##6993##548365##8661##12266##27164404',
      },
    ],
    [
      'padded columns',
      PADDED,
      0,
      {
        timestampMs: Date.UTC(2016, 8, 28, 4, 30, 30),
        level: 'INFO',
        component: 'CBS',
        message: 'Loaded Servicing Stack v6.1.7601.23505 with Core: C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack\\cbscore.dll',
      },
    ],
    [
      'padded columns, with another level',
      PADDED,
      15,
      {
        timestampMs: Date.UTC(2016, 8, 28, 4, 30, 32),
        level: 'WARN',
        component: 'CBS',
        message: 'Failed to get next package to re-evaluate [HRESULT = 0x800f0805 - CBS_E_INVALID_PACKAGE]',
      },
    ],
    [
      'leading columns',
      HPC,
      0,
      {
        timestampMs: Date.UTC(2004, 1, 26, 14, 12, 22),
        fields: { column1: '134681', column2: 'node-246', column3: 'unix.hw', column4: 'state_change.unavailable', pid: '1' },
        message: 'Component State Change: Component \\042alt0\\042 is in the unavailable state (HWID=5182)',
      },
    ],
    [
      'several times, taking the one that carries its zone',
      THUNDERBIRD,
      0,
      {
        timestampMs: Date.UTC(2005, 10, 9, 20, 1, 1),
        component: 'crond(pam_unix)',
        fields: { column1: '1131566461', column2: '2005.11.09', column3: 'dn228', host: 'dn228/dn228', pid: '2915' },
        message: 'session closed for user root',
      },
    ],
    [
      'Apache error log',
      APACHE,
      0,
      {
        timestampMs: Date.UTC(2005, 11, 4, 4, 47, 44),
        level: 'NOTICE',
        message: 'workerEnv.init() ok /etc/httpd/conf/workers2.properties',
      },
    ],
    [
      'Apache error log, with a bracketed client in the message',
      APACHE,
      8,
      {
        timestampMs: Date.UTC(2005, 11, 4, 4, 52, 15),
        level: 'ERROR',
        message: '[client 222.166.160.184] Directory index forbidden by rule: /var/www/html/',
      },
    ],
    [
      'Go',
      GO,
      0,
      {
        timestampMs: Date.UTC(2024, 4, 1, 12, 0, 0, 123),
        level: 'WARN',
        component: 'worker',
        message: 'queue depth 1532 above soft limit 1000',
      },
    ],
    ['level only', LEVEL_ONLY, 0, { level: 'ERROR', message: 'disk full' }],
    ['level only, on a line without a level', LEVEL_ONLY, 19, { message: 'backup done' }],
    ['no header', NO_HEADER, 0, { message: 'starting backup of /data' }],
    ['no header, on a line that starts with a level', NO_HEADER, 7, { message: 'error: uploading archive part 3 of 4 failed, retrying' }],
  ];

  it.each(golden)('parses a %s line into its fields and message', (_form, sample, index, expected) => {
    // Prepare
    const parser = new HeaderParser(inferHeaderStructure(sample, options), options);

    // Act
    const parsed = parser.parse(sample[index]!);

    // Assess
    expect(parsed).toStrictEqual(expected);
  });

  it('keeps a message whole when it starts like a header in a file whose component column is not consistent', () => {
    // Prepare
    const structure = inferHeaderStructure(HPC, options);
    const parser = new HeaderParser(structure, options);

    // Act
    const messages = [HPC[0]!, HPC[6]!, HPC[10]!].map((line) => parser.parse(line)?.message);

    // Assess
    expect(structure.steps).not.toContain('component');
    expect(messages).toEqual([
      'Component State Change: Component \\042alt0\\042 is in the unavailable state (HWID=5182)',
      'Fan: speed of fan 2 dropped below 3000 rpm',
      'Temperature: 71C on cpu 1 above limit 70C',
    ]);
  });

  it('returns undefined for a line without the timestamp in a file whose lines carry one', () => {
    // Prepare
    const parser = new HeaderParser(inferHeaderStructure(LOG4J, options), options);
    const lines = [
      '\tat org.apache.hadoop.ipc.Client.call(Client.java:1475)',
      'java.net.ConnectException: Connection refused',
      'Dec 10 06:55:46 combo sshd[1]: a time of another form',
      '',
    ];

    // Act
    const parsed = lines.map((line) => parser.parse(line));

    // Assess
    expect(parsed).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('returns undefined when a line has fewer columns than the leading columns', () => {
    // Prepare
    const parser = new HeaderParser(inferHeaderStructure(HPC, options), options);

    // Act
    const parsed = parser.parse('134686 node-251');

    // Assess
    expect(parsed).toBeUndefined();
  });

  it('falls back to the anchor time when the zoned leading column is missing', () => {
    // Prepare
    const parser = new HeaderParser(inferHeaderStructure(THUNDERBIRD, options), options);
    const line = '- 2005.11.09 dn228 Nov 9 12:05:01 dn228/dn228 crond[3001]: (root) CMD (run-parts /etc/cron.hourly)';

    // Act
    const parsed = parser.parse(line);

    // Assess
    expect(parsed?.timestampMs).toBe(Date.UTC(2023, 10, 9, 12, 5, 1));
    expect(parsed?.message).toBe('(root) CMD (run-parts /etc/cron.hourly)');
  });

  it('parses the same line the same way every time', () => {
    // Prepare
    const parser = new HeaderParser(inferHeaderStructure(SYSLOG, options), options);

    // Act
    const first = parser.parse(SYSLOG[4]!);
    const second = parser.parse(SYSLOG[4]!);

    // Assess
    expect(second).toEqual(first);
    expect(first?.fields).toEqual({ host: 'combo', pid: '21416' });
  });
});

describe('Class: HeaderParser, on more header forms', () => {
  const ANDROID = [
    '03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogsopening app wtoken = AppWindowToken{9f4ef63}',
    '03-17 16:13:38.819  1702  8671 D PowerManagerService: acquire lock=233570404, flags=0x1, tag="View Lock", uid=10037',
    '03-17 16:13:38.839  1702  2113 V WindowManager: Skipping AppWindowToken{df0798e} -- going to hide',
    '03-17 16:13:38.859  2227  2227 I PhoneStatusBar: setSystemUiVisibility vis=0 mask=1 oldVal=40000500',
    '03-17 16:13:38.861  1702  1752 W ActivityManager: Unable to start service Intent { act=RESET_AFTER_BOOT } U=0: not found',
    '03-17 16:13:38.864  1702  2113 E WindowManager: Failed to apply window animation',
  ];
  const GLOG = [
    'I1103 10:15:30.123456  1234 server.cc:42] Listening on port 8080',
    'W1103 10:15:31.223456  1234 conn.cc:118] Slow request took 812 ms',
    'E1103 10:15:32.323456  1235 conn.cc:140] Connection reset by peer 10.0.0.7:5432',
    'I1103 10:15:33.423456  1234 server.cc:42] Listening on port 8081',
  ];
  const PYTHON = [
    '2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b - - -] 10.11.10.1 "GET /v2/servers/detail HTTP/1.1" status: 200',
    '2017-05-16 00:00:00.272 25746 INFO nova.osapi_compute.wsgi.server [req-9bc36dd9 - - -] 10.11.10.1 "GET /v2/servers/detail HTTP/1.1" status: 200',
    '2017-05-16 00:00:02.150 2931 WARNING nova.compute.manager [req-3ea4052c - - - - -] [instance: b9000564] VM Started (Lifecycle Event)',
    '2017-05-16 00:00:04.500 2931 INFO nova.virt.libvirt.imagecache [req-addc1839 - - - - -] image 0673dd71 at (/var/lib/nova/instances/_base): checking',
  ];
  const BRACKETED_TIME = [
    '[10.30 16:49:06] chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS',
    '[10.30 16:49:07] chrome.exe - proxy.cse.cuhk.edu.hk:5070 close, 0 bytes sent, 0 bytes received, lifetime <1 sec',
    '[10.30 16:49:08] svchost.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS',
  ];

  it.each([
    [
      'Android logcat, with numeric columns and a one-letter level',
      ANDROID,
      5,
      { timestampMs: Date.UTC(2023, 2, 17, 16, 13, 38, 864), level: 'ERROR', component: 'WindowManager', fields: { pid: '1702', field2: '2113' }, message: 'Failed to apply window animation' },
    ],
    [
      'glog, with the level inside the timestamp and a source file',
      GLOG,
      1,
      { timestampMs: Date.UTC(2023, 10, 3, 10, 15, 31, 223), level: 'WARN', fields: { pid: '1234', source: 'conn.cc:118' }, message: 'Slow request took 812 ms' },
    ],
    [
      'Python logging, with a dotted logger name and no colon',
      PYTHON,
      2,
      {
        timestampMs: Date.UTC(2017, 4, 16, 0, 0, 2, 150),
        level: 'WARN',
        component: 'nova.compute.manager',
        fields: { pid: '2931', thread: 'req-3ea4052c - - - - -' },
        message: '[instance: b9000564] VM Started (Lifecycle Event)',
      },
    ],
    [
      'a bracketed time',
      BRACKETED_TIME,
      1,
      { timestampMs: Date.UTC(2023, 9, 30, 16, 49, 7), component: 'chrome.exe', message: 'proxy.cse.cuhk.edu.hk:5070 close, 0 bytes sent, 0 bytes received, lifetime <1 sec' },
    ],
  ])('parses %s', (_form, sample, index, expected) => {
    // Prepare
    const parser = new HeaderParser(inferHeaderStructure(sample, options), options);
    // Act
    const parsed = parser.parse(sample[index]!);
    // Assess
    expect(parsed).toStrictEqual(expected);
  });
});

describe('Class: HeaderParser, Method: scan', () => {
  const samples: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['Spark', SPARK],
    ['HDFS', HDFS],
    ['syslog', SYSLOG],
    ['Zookeeper', ZOOKEEPER],
    ['pipe-delimited', PIPE],
    ['padded', PADDED],
    ['HPC', HPC],
    ['Thunderbird', THUNDERBIRD],
    ['Apache', APACHE],
    ['Go', GO],
  ];

  it.each(samples)('reads a %s line behind a prefix as parse reads the line alone', (_name, sample) => {
    // Prepare
    const parser = new HeaderParser(inferHeaderStructure(sample, options), options);
    const prefix = '2024-03-01T10:00:00.000Z ';
    // Act
    const scanned = sample.map((line) => {
      const scan = parser.scan(prefix + line, prefix.length);
      return scan && { ...scan, message: (prefix + line).slice(scan.messageStart), messageStart: undefined };
    });
    // Assess
    expect(scanned).toEqual(sample.map((line) => parser.parse(line)));
  });

  it.each(samples)('reads a %s line from its batch\'s code units as from the line, whatever surrounds it', (_name, sample) => {
    // Prepare
    const parser = new HeaderParser(inferHeaderStructure(sample, options), options);
    const copy = (scan: HeaderScan | undefined): HeaderScan | undefined => scan && { ...scan };
    // Act
    const fillers = ['9:.]', '% x', '|-,', 'Z0'];
    const fromUnits = sample.map((line, i) => copy(parser.scan(line, 0, placedText(line, 3 + i, fillers[i % fillers.length]), 3 + i)));
    // Assess
    expect(fromUnits).toEqual(sample.map((line) => copy(parser.scan(line, 0))));
  });
});

describe('A host after an ISO time', () => {
  it('is read as a host when a syslog tag follows it (rsyslog RFC 3339 format)', () => {
    // Prepare
    const sample = [
      '2024-05-01T09:03:00.789040+00:00 web-03 sshd[12345]: Failed password for root from 203.0.113.7 port 22 ssh2',
      '2024-05-01T09:03:01.100000+00:00 web-03 cron[222]: (root) CMD (run-parts /etc/cron.hourly)',
      '2024-05-01T09:03:02.100000+00:00 web-04 kernel: [98672.995464] eth0: link up',
    ];
    // Act
    const structure = inferHeaderStructure(sample);
    const parsed = new HeaderParser(structure).parse(sample[0]!);
    // Assess
    expect(structure.steps).toEqual(['host', 'component']);
    expect(parsed).toMatchObject({ component: 'sshd', fields: { host: 'web-03', pid: '12345' }, message: 'Failed password for root from 203.0.113.7 port 22 ssh2' });
  });

  it('is left in the message when no syslog tag follows: it is the message’s first word', () => {
    const sample = ['2024-05-01T09:03:00Z Starting server on port 8080', '2024-05-01T09:03:01Z Listening for requests', '2024-05-01T09:03:02Z Shutting down'];
    const structure = inferHeaderStructure(sample);
    expect(structure.steps).toEqual([]);
    expect(new HeaderParser(structure).parse(sample[1]!)?.message).toBe('Listening for requests');
  });
});
