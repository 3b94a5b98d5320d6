<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>Actions</name>
        <message>
            <source>First-run setup</source>
            <translation>首次运行设置</translation>
        </message>
        <message>
            <source>Edit the center</source>
            <translation>修改中心信息</translation>
        </message>
        <message>
            <source>Save a queue service</source>
            <translation>保存排队业务</translation>
        </message>
        <message>
            <source>Save a window</source>
            <translation>保存窗口</translation>
        </message>
        <message>
            <source>Save a room</source>
            <translation>保存功能室</translation>
        </message>
        <message>
            <source>Save a department</source>
            <translation>保存责任单位</translation>
        </message>
        <message>
            <source>Save a petition category</source>
            <translation>保存信访分类</translation>
        </message>
        <message>
            <source>Save a dispute type</source>
            <translation>保存纠纷类型</translation>
        </message>
        <message>
            <source>Change a calendar day</source>
            <translation>修改工作日历</translation>
        </message>
        <message>
            <source>Import official holidays</source>
            <translation>导入法定节假日</translation>
        </message>
        <message>
            <source>Change several calendar days</source>
            <translation>批量修改日历日期</translation>
        </message>
        <message>
            <source>Import the State Council's holiday notice</source>
            <translation>导入国务院办公厅节假日安排通知</translation>
        </message>
        <message>
            <source>Confirm a calendar year as official</source>
            <translation>确认年度日历为正式日历</translation>
        </message>
        <message>
            <source>Change rules and limits</source>
            <translation>修改参数设置</translation>
        </message>
        <message>
            <source>Add a user</source>
            <translation>新增用户</translation>
        </message>
        <message>
            <source>Edit a user</source>
            <translation>修改用户</translation>
        </message>
        <message>
            <source>Reset a password</source>
            <translation>重置密码</translation>
        </message>
        <message>
            <source>Change own password</source>
            <translation>修改本人密码</translation>
        </message>
        <message>
            <source>Unlock a user</source>
            <translation>解除用户锁定</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>Failed sign-in</source>
            <translation>登录失败</translation>
        </message>
        <message>
            <source>Lock the screen</source>
            <translation>锁定屏幕</translation>
        </message>
        <message>
            <source>Unlock the screen</source>
            <translation>解锁屏幕</translation>
        </message>
        <message>
            <source>Failed screen unlock</source>
            <translation>解锁失败</translation>
        </message>
        <message>
            <source>Save a person</source>
            <translation>保存人员信息</translation>
        </message>
        <message>
            <source>Show a full ID or phone number</source>
            <translation>查看完整证件号码或电话</translation>
        </message>
        <message>
            <source>Register a petition</source>
            <translation>登记信访事项</translation>
        </message>
        <message>
            <source>Accept and assign a petition</source>
            <translation>受理并交办信访事项</translation>
        </message>
        <message>
            <source>Refuse a petition</source>
            <translation>不予受理</translation>
        </message>
        <message>
            <source>Object to an assignment</source>
            <translation>对交办提出异议</translation>
        </message>
        <message>
            <source>Record meeting the petitioner</source>
            <translation>登记约见信访人</translation>
        </message>
        <message>
            <source>Record the handling</source>
            <translation>登记办理情况</translation>
        </message>
        <message>
            <source>Conclude a petition</source>
            <translation>信访事项办结</translation>
        </message>
        <message>
            <source>Record a petition follow-up visit</source>
            <translation>登记信访回访</translation>
        </message>
        <message>
            <source>Withdraw a petition</source>
            <translation>撤回信访事项</translation>
        </message>
        <message>
            <source>Edit a petition</source>
            <translation>修改信访事项</translation>
        </message>
        <message>
            <source>Request an extension</source>
            <translation>申请延期</translation>
        </message>
        <message>
            <source>Decide on an extension</source>
            <translation>审批延期</translation>
        </message>
        <message>
            <source>Record a hearing</source>
            <translation>登记听证</translation>
        </message>
        <message>
            <source>Supervise a petition</source>
            <translation>督办信访事项</translation>
        </message>
        <message>
            <source>Answer a supervision</source>
            <translation>答复督办</translation>
        </message>
        <message>
            <source>Request a review or recheck</source>
            <translation>申请复查或复核</translation>
        </message>
        <message>
            <source>Record a repeat visit</source>
            <translation>登记重复来访</translation>
        </message>
        <message>
            <source>Add an attachment</source>
            <translation>添加附件</translation>
        </message>
        <message>
            <source>Enrol a mediator</source>
            <translation>登记调解员</translation>
        </message>
        <message>
            <source>Save a mediator</source>
            <translation>保存调解员信息</translation>
        </message>
        <message>
            <source>Register a dispute</source>
            <translation>受理纠纷</translation>
        </message>
        <message>
            <source>Edit a dispute</source>
            <translation>修改纠纷信息</translation>
        </message>
        <message>
            <source>Close a dispute: mediation failed</source>
            <translation>纠纷结案：调解不成</translation>
        </message>
        <message>
            <source>Close a dispute: mediation terminated</source>
            <translation>纠纷结案：终止调解</translation>
        </message>
        <message>
            <source>Close a dispute: referred elsewhere</source>
            <translation>纠纷结案：移送处理</translation>
        </message>
        <message>
            <source>Print a dispute registration form</source>
            <translation>打印纠纷受理登记表</translation>
        </message>
        <message>
            <source>Record a mediation session</source>
            <translation>记录调解过程</translation>
        </message>
        <message>
            <source>Edit a mediation session record</source>
            <translation>修改调解记录</translation>
        </message>
        <message>
            <source>Draft a mediation agreement</source>
            <translation>起草调解协议</translation>
        </message>
        <message>
            <source>Save an agreement draft</source>
            <translation>保存调解协议草稿</translation>
        </message>
        <message>
            <source>Discard an agreement draft</source>
            <translation>作废调解协议草稿</translation>
        </message>
        <message>
            <source>Finalise a mediation agreement</source>
            <translation>调解协议定稿</translation>
        </message>
        <message>
            <source>Record the signing of an agreement</source>
            <translation>登记协议签署</translation>
        </message>
        <message>
            <source>Record the performance of an agreement</source>
            <translation>登记协议履行情况</translation>
        </message>
        <message>
            <source>Print a mediation agreement</source>
            <translation>打印调解协议书</translation>
        </message>
        <message>
            <source>Remind the parties of judicial confirmation</source>
            <translation>提醒当事人申请司法确认</translation>
        </message>
        <message>
            <source>Judicial confirmation applied for</source>
            <translation>登记申请司法确认</translation>
        </message>
        <message>
            <source>Judicial confirmation granted</source>
            <translation>法院确认协议有效</translation>
        </message>
        <message>
            <source>Judicial confirmation rejected</source>
            <translation>法院驳回司法确认申请</translation>
        </message>
        <message>
            <source>Judicial confirmation declined</source>
            <translation>当事人不申请司法确认</translation>
        </message>
        <message>
            <source>Record a mediation follow-up visit</source>
            <translation>登记调解回访</translation>
        </message>
        <message>
            <source>Book a room</source>
            <translation>预约调解室</translation>
        </message>
        <message>
            <source>Confirm a room booking</source>
            <translation>确认调解室预约</translation>
        </message>
        <message>
            <source>Move a room booking</source>
            <translation>调整调解室预约时间</translation>
        </message>
        <message>
            <source>Cancel a room booking</source>
            <translation>取消调解室预约</translation>
        </message>
        <message>
            <source>Parties did not come to a booking</source>
            <translation>当事人未按预约到场</translation>
        </message>
        <message>
            <source>Book outside opening hours</source>
            <translation>在开放时间外预约</translation>
        </message>
        <message>
            <source>Preview a case file</source>
            <translation>预览卷宗</translation>
        </message>
        <message>
            <source>Finalise a case file</source>
            <translation>卷宗定稿归档</translation>
        </message>
        <message>
            <source>Make a new case file version</source>
            <translation>生成卷宗新版本</translation>
        </message>
        <message>
            <source>Open a stored case file</source>
            <translation>查阅已归档卷宗</translation>
        </message>
        <message>
            <source>Export case files</source>
            <translation>导出卷宗</translation>
        </message>
        <message>
            <source>Book a queue appointment</source>
            <translation>排队预约登记</translation>
        </message>
        <message>
            <source>Cancel a queue appointment</source>
            <translation>取消排队预约</translation>
        </message>
        <message>
            <source>Check in an appointment</source>
            <translation>预约签到</translation>
        </message>
        <message>
            <source>Open a bad-rating follow-up</source>
            <translation>差评回访立项</translation>
        </message>
        <message>
            <source>Answer a bad-rating follow-up</source>
            <translation>答复差评回访</translation>
        </message>
        <message>
            <source>Rate a matter's outcome at the kiosk</source>
            <translation>自助机评价事项办理结果</translation>
        </message>
        <message>
            <source>Register a window matter</source>
            <translation>登记窗口事项</translation>
        </message>
        <message>
            <source>Conclude a window matter</source>
            <translation>办结窗口事项</translation>
        </message>
        <message>
            <source>Hand a matter over</source>
            <translation>转交事项</translation>
        </message>
        <message>
            <source>Acknowledge a matter handed over</source>
            <translation>签收转交事项</translation>
        </message>
        <message>
            <source>Import work orders</source>
            <translation>导入工单</translation>
        </message>
        <message>
            <source>Discard an interrupted import</source>
            <translation>放弃中断的导入</translation>
        </message>
        <message>
            <source>Update from an imported work order</source>
            <translation>按导入工单更新</translation>
        </message>
        <message>
            <source>Save a category synonym</source>
            <translation>保存分类同义词</translation>
        </message>
        <message>
            <source>Save an export layout</source>
            <translation>保存导出格式</translation>
        </message>
        <message>
            <source>Export handling results</source>
            <translation>导出办理结果</translation>
        </message>
        <message>
            <source>Add the first administrator</source>
            <translation>创建首个管理员</translation>
        </message>
        <message>
            <source>Record a voice clip</source>
            <translation>录制语音片段</translation>
        </message>
        <message>
            <source>Delete a voice clip</source>
            <translation>删除语音片段</translation>
        </message>
        <message>
            <source>Import a voice pack</source>
            <translation>导入语音包</translation>
        </message>
        <message>
            <source>Change the hall voice settings</source>
            <translation>修改叫号语音设置</translation>
        </message>
        <message>
            <source>Change the ticket printer settings</source>
            <translation>修改取号机打印设置</translation>
        </message>
        <message>
            <source>Enter the personal data key</source>
            <translation>录入个人信息加密密钥</translation>
        </message>
        <message>
            <source>Print the key recovery sheet</source>
            <translation>打印密钥恢复单</translation>
        </message>
        <message>
            <source>Back up the database</source>
            <translation>备份数据库</translation>
        </message>
        <message>
            <source>Restore the database</source>
            <translation>恢复数据库</translation>
        </message>
        <message>
            <source>%1 %2</source>
            <translation>%1%2</translation>
        </message>
        <message>
            <source>Other operation</source>
            <translation>其他操作</translation>
        </message>
    </context>
    <context>
        <name>AdminArea</name>
        <message>
            <source>Center</source>
            <translation>中心信息</translation>
        </message>
        <message>
            <source>Windows &amp;&amp; services</source>
            <translation>窗口与业务</translation>
        </message>
        <message>
            <source>Rooms</source>
            <translation>功能室</translation>
        </message>
        <message>
            <source>Departments</source>
            <translation>责任单位</translation>
        </message>
        <message>
            <source>Categories &amp;&amp; dispute types</source>
            <translation>分类与纠纷类型</translation>
        </message>
        <message>
            <source>Working-day calendar</source>
            <translation>工作日历</translation>
        </message>
        <message>
            <source>Users</source>
            <translation>用户管理</translation>
        </message>
        <message>
            <source>Audit log</source>
            <translation>操作日志</translation>
        </message>
        <message>
            <source>Backups</source>
            <translation>备份</translation>
        </message>
        <message>
            <source>Hall voice &amp;&amp; printer</source>
            <translation>叫号语音与打印机</translation>
        </message>
    </context>
    <context>
        <name>AdminCommon</name>
        <message>
            <source>Yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>No</source>
            <translation>否</translation>
        </message>
        <message>
            <source>&amp;New…</source>
            <translation>新增(&amp;N)…</translation>
        </message>
        <message>
            <source>Add a new entry</source>
            <translation>新增一条</translation>
        </message>
        <message>
            <source>&amp;Edit…</source>
            <translation>编辑(&amp;E)…</translation>
        </message>
        <message>
            <source>Edit the selected entry (Enter, F2, double-click)</source>
            <translation>编辑选中的条目（回车、F2 或双击）</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>正在保存…</translation>
        </message>
    </context>
    <context>
        <name>AgreementEditor</name>
        <message>
            <source>Mediation agreement — %1</source>
            <translation>人民调解协议书 — %1</translation>
        </message>
        <message>
            <source>Side</source>
            <translation>身份</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>姓名（名称）</translation>
        </message>
        <message>
            <source>Gender</source>
            <translation>性别</translation>
        </message>
        <message>
            <source>Born</source>
            <translation>出生日期</translation>
        </message>
        <message>
            <source>ID number / representative</source>
            <translation>身份证号码／法定代表人</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>住址</translation>
        </message>
        <message>
            <source>Agent</source>
            <translation>代理人</translation>
        </message>
        <message>
            <source>No.</source>
            <translation>序号</translation>
        </message>
        <message>
            <source>Agreed term</source>
            <translation>协议内容</translation>
        </message>
        <message>
            <source>Performed by</source>
            <translation>履行人</translation>
        </message>
        <message>
            <source>How it is performed</source>
            <translation>履行方式</translation>
        </message>
        <message>
            <source>By (yyyy-mm-dd)</source>
            <translation>履行期限（年-月-日）</translation>
        </message>
        <message>
            <source>Version:</source>
            <translation>版本：</translation>
        </message>
        <message>
            <source>Every item Article 29 requires is present. Print it for signing; once every party, the mediator and the committee's seal are on it, record the signing, then finalise.</source>
            <translation>第二十九条要求的内容已齐全。请打印供签字；各方当事人签名（盖章或按指印）、调解员签名并加盖调解委员会印章后，登记签订，再定稿。</translation>
        </message>
        <message>
            <source>Version %1 becomes final: the agreement is in effect and case %2 is closed as agreed.</source>
            <translation>第%1版将定稿：协议生效，案件%2以调解成功结案。</translation>
        </message>
        <message>
            <source>Finalise and close the case</source>
            <translation>定稿并结案</translation>
        </message>
        <message>
            <source>The case was closed by agreement.</source>
            <translation>已达成调解协议，案件结案。</translation>
        </message>
        <message>
            <source>Version %1 is final and in effect; the case is closed.</source>
            <translation>第%1版已定稿并生效，案件已结案。</translation>
        </message>
        <message>
            <source>%1 remaining sessions cancelled.</source>
            <translation>已取消剩余的%1次调解安排。</translation>
        </message>
        <message>
            <source>Disputed &amp;matters:</source>
            <translation>争议事项(&amp;M)：</translation>
        </message>
        <message>
            <source>Each party's &amp;responsibility:</source>
            <translation>各方当事人的责任(&amp;R)：</translation>
        </message>
        <message>
            <source>Content of the &amp;oral agreement:</source>
            <translation>口头协议内容(&amp;O)：</translation>
        </message>
        <message>
            <source>&lt;b&gt;Agreed terms&lt;/b&gt;</source>
            <translation>&lt;b&gt;协议内容&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Add &amp;term</source>
            <translation>添加条款(&amp;T)</translation>
        </message>
        <message>
            <source>Remove term</source>
            <translation>删除条款</translation>
        </message>
        <message>
            <source>Other matters:</source>
            <translation>其他事项：</translation>
        </message>
        <message>
            <source>&lt;b&gt;The parties' basic information&lt;/b&gt; (from the registration)</source>
            <translation>&lt;b&gt;当事人基本情况&lt;/b&gt;（来自纠纷登记）</translation>
        </message>
        <message>
            <source>&lt;b&gt;Article 29 checklist&lt;/b&gt;</source>
            <translation>&lt;b&gt;第二十九条要求&lt;/b&gt;</translation>
        </message>
        <message>
            <source>&amp;Save draft</source>
            <translation>保存草稿(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Finalise…</source>
            <translation>定稿(&amp;F)…</translation>
        </message>
        <message>
            <source>Freeze the agreement; it is refused while an item is missing</source>
            <translation>定稿后协议不可再改；缺少必备内容时不能定稿</translation>
        </message>
        <message>
            <source>&amp;Correct (new version)</source>
            <translation>更正（新版本）(&amp;C)</translation>
        </message>
        <message>
            <source>Record si&amp;gning…</source>
            <translation>登记签订(&amp;G)…</translation>
        </message>
        <message>
            <source>&amp;Print</source>
            <translation>打印(&amp;P)</translation>
        </message>
        <message>
            <source>Discard draft</source>
            <translation>删除草稿</translation>
        </message>
        <message>
            <source>Version %1 — %2</source>
            <translation>第%1版 — %2</translation>
        </message>
        <message>
            <source>finalised %1 by %2</source>
            <translation>%1 由%2定稿</translation>
        </message>
        <message>
            <source>signed %1</source>
            <translation>%1签订</translation>
        </message>
        <message>
            <source>Ma&amp;in facts:</source>
            <translation>纠纷主要事实(&amp;I)：</translation>
        </message>
        <message>
            <source>Reaso&amp;n for the correction:</source>
            <translation>更正原因(&amp;N)：</translation>
        </message>
        <message>
            <source>Every party, the mediator and the committee's seal are on the printed agreement: record it, then finalise</source>
            <translation>打印的协议书上已有各方当事人签名（盖章或按指印）、调解员签名和调解委员会印章：先登记签订，再定稿</translation>
        </message>
        <message>
            <source>Print one copy per party plus one for the committee (a complete draft prints for signing)</source>
            <translation>按当事人人数加一份打印（委员会留存一份）；内容齐全的草稿可打印供签字</translation>
        </message>
        <message>
            <source>not signed yet</source>
            <translation>尚未签订</translation>
        </message>
        <message>
            <source>%1 copies</source>
            <translation>一式%1份</translation>
        </message>
        <message>
            <source>This version is final and cannot be changed. To correct it, start a new version; this one is kept.</source>
            <translation>此版本已定稿，不能修改。如需更正，请制作新版本，本版本将保留。</translation>
        </message>
        <message>
            <source>Still required before finalising:</source>
            <translation>定稿前还须载明：</translation>
        </message>
        <message>
            <source>Every item Article 29 requires is present. The agreement can be finalised.</source>
            <translation>第二十九条要求的内容已齐全，可以定稿。</translation>
        </message>
        <message>
            <source>The deadline of term %1 is not a date (yyyy-mm-dd).</source>
            <translation>第%1项的履行期限不是有效日期（年-月-日）。</translation>
        </message>
        <message>
            <source>Draft saved.</source>
            <translation>草稿已保存。</translation>
        </message>
        <message>
            <source>Version %1 is a copy to correct; give the reason, then finalise it. The earlier version is kept.</source>
            <translation>第%1版为待更正的副本；请填写更正原因后定稿。原版本将保留。</translation>
        </message>
        <message>
            <source>Signed on %1. Finalise it to put it in effect and close the case.</source>
            <translation>已于%1签订。请定稿，协议即生效并结案。</translation>
        </message>
        <message>
            <source>Signed on %1: the agreement is in effect.</source>
            <translation>已于%1签订，协议生效。</translation>
        </message>
        <message>
            <source>Preparing the copies…</source>
            <translation>正在准备各份协议书…</translation>
        </message>
        <message>
            <source>No print system on this computer: the %1 copies (%2) are open in the PDF viewer; print them from there.</source>
            <translation>本机没有可用的打印系统：%1 份协议书（%2）已在 PDF 阅读器中打开，请从阅读器打印。</translation>
        </message>
        <message>
            <source>%1 copies sent to the printer: %2.</source>
            <translation>已将 %1 份协议书发送到打印机：%2。</translation>
        </message>
        <message>
            <source>Discard version %1 (a draft)?</source>
            <translation>删除第%1版（草稿）？</translation>
        </message>
    </context>
    <context>
        <name>AnswerDialog</name>
        <message>
            <source>Answer the follow-up of %1</source>
            <translation>答复 %1 的差评回访</translation>
        </message>
        <message>
            <source>%1 on %2 at window %3 (%4): %5
Record: %6
Due: %7</source>
            <translation>%1，%2，%3号窗口（%4）：%5
办理记录：%6
回访期限：%7</translation>
        </message>
        <message>
            <source>Matter %1 registered on %2, answered for by %3, rated at the kiosk: %4
Outcome: %5
Due: %6</source>
            <translation>事项 %1，%2 登记，责任人 %3，群众在自助机评价：%4
办理结果：%5
回访期限：%6</translation>
        </message>
        <message>
            <source>What was checked, and what the visitor was told</source>
            <translation>核查了什么情况，向群众作了什么答复</translation>
        </message>
        <message>
            <source>Save answer</source>
            <translation>保存答复</translation>
        </message>
    </context>
    <context>
        <name>App</name>
        <message>
            <source>OneStop — Error</source>
            <translation>OneStop — 错误</translation>
        </message>
        <message>
            <source>An unexpected error occurred. It has been written to the log file:
%1</source>
            <translation>发生意外错误，详细信息已写入日志文件：
%1</translation>
        </message>
        <message>
            <source>OneStop</source>
            <translation>OneStop</translation>
        </message>
        <message>
            <source>The database is older than this version of OneStop, and this PC's database account may not upgrade it. Ask the administrator to run “onestop db upgrade”, then start OneStop again.</source>
            <translation>数据库版本低于当前 OneStop，本机使用的数据库账户无权升级数据库结构。请系统管理员运行“onestop db upgrade”后，再启动 OneStop。</translation>
        </message>
    </context>
    <context>
        <name>AppointmentDialog</name>
        <message>
            <source>Book an appointment</source>
            <translation>预约登记</translation>
        </message>
        <message>
            <source>&amp;Service:</source>
            <translation>办理事项(&amp;S)：</translation>
        </message>
        <message>
            <source>&amp;Day:</source>
            <translation>日期(&amp;D)：</translation>
        </message>
        <message>
            <source>&amp;Time:</source>
            <translation>时间(&amp;T)：</translation>
        </message>
        <message>
            <source>Visitor's &amp;name:</source>
            <translation>来访人姓名(&amp;N)：</translation>
        </message>
        <message>
            <source>&amp;Phone (optional):</source>
            <translation>联系电话(&amp;P，可不填)：</translation>
        </message>
        <message>
            <source>Book</source>
            <translation>预约</translation>
        </message>
    </context>
    <context>
        <name>Areas</name>
        <message>
            <source>Queue</source>
            <translation>排队叫号</translation>
        </message>
        <message>
            <source>Petitions</source>
            <translation>信访事项</translation>
        </message>
        <message>
            <source>Mediation</source>
            <translation>人民调解</translation>
        </message>
        <message>
            <source>Schedule</source>
            <translation>调解室预约</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>统计报表</translation>
        </message>
        <message>
            <source>Administration</source>
            <translation>系统管理</translation>
        </message>
    </context>
    <context>
        <name>AuditScreen</name>
        <message>
            <source>System</source>
            <translation>系统</translation>
        </message>
        <message>
            <source>System (backup)</source>
            <translation>系统（自动备份）</translation>
        </message>
        <message>
            <source>System (demo data)</source>
            <translation>系统（演示数据）</translation>
        </message>
        <message>
            <source>System (entering the data key)</source>
            <translation>系统（录入密钥）</translation>
        </message>
        <message>
            <source>Record ID</source>
            <translation>记录编号</translation>
        </message>
        <message>
            <source>Shows the entries of one record: type its ID</source>
            <translation>输入记录编号，查看该记录的全部日志</translation>
        </message>
        <message>
            <source>&amp;Clear filters</source>
            <translation>清除筛选(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Verify the log</source>
            <translation>校验日志(&amp;V)</translation>
        </message>
        <message>
            <source>Check that no entry was changed, removed or inserted behind the application's back</source>
            <translation>检查是否有日志被绕过本系统修改、删除或插入</translation>
        </message>
        <message>
            <source>&amp;From:</source>
            <translation>从(&amp;F)：</translation>
        </message>
        <message>
            <source>&amp;To:</source>
            <translation>至(&amp;T)：</translation>
        </message>
        <message>
            <source>&amp;User:</source>
            <translation>操作人(&amp;U)：</translation>
        </message>
        <message>
            <source>&amp;Record:</source>
            <translation>对象(&amp;R)：</translation>
        </message>
        <message>
            <source>Te&amp;xt:</source>
            <translation>查找(&amp;X)：</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>User</source>
            <translation>操作人</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>操作</translation>
        </message>
        <message>
            <source>Operation</source>
            <translation>变更</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>对象</translation>
        </message>
        <message>
            <source>ID</source>
            <translation>编号</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>字段</translation>
        </message>
        <message>
            <source>Before</source>
            <translation>修改前</translation>
        </message>
        <message>
            <source>After</source>
            <translation>修改后</translation>
        </message>
        <message>
            <source>All users</source>
            <translation>全部人员</translation>
        </message>
        <message>
            <source>All records</source>
            <translation>全部对象</translation>
        </message>
        <message>
            <source>%1 entries</source>
            <translation>共 %1 条</translation>
        </message>
        <message>
            <source>Checking every entry of the log…</source>
            <translation>正在逐条校验日志…</translation>
        </message>
        <message>
            <source>The log is intact: %1 entries, none changed, removed or inserted (the chain ends at position %2).</source>
            <translation>日志完整：共 %1 条，没有被修改、删除或插入的日志（校验链止于第 %2 位）。</translation>
        </message>
        <message>
            <source>entry #%1 (%2, %3)</source>
            <translation>#%1 号日志（%2，%3）</translation>
        </message>
        <message>
            <source>The log was tampered with: %1 was changed after it was written.</source>
            <translation>日志被篡改：%1写入后被修改。</translation>
        </message>
        <message>
            <source>The log was tampered with: %1 was inserted out of order, not by OneStop.</source>
            <translation>日志被篡改：%1不是本系统写入的，被插入到日志中。</translation>
        </message>
        <message>
            <source>The log was tampered with: it was rewritten up to %1.</source>
            <translation>日志被篡改：直到%1为止的日志被整体改写。</translation>
        </message>
        <message>
            <source>The log was tampered with: %2 entries were removed just before %1.</source>
            <translation>日志被篡改：%1之前的 %2 条日志被删除。</translation>
        </message>
        <message>
            <source>The log was tampered with: its last %2 entries were removed.</source>
            <translation>日志被篡改：最后 %2 条日志被删除。</translation>
        </message>
        <message>
            <source>Select an entry to see its values before and after.</source>
            <translation>选择一条日志，查看修改前后的内容。</translation>
        </message>
        <message>
            <source>#%1 %2 — %3 %4 by %5 at %6</source>
            <translation>#%1 %2 — %3 %4，操作人 %5，时间 %6</translation>
        </message>
    </context>
    <context>
        <name>BackupMessages</name>
        <message>
            <source>%1 was not found. Install the PostgreSQL client programs (Debian/Ubuntu: postgresql-client; Windows: the Command Line Tools of the PostgreSQL installer).</source>
            <translation>未找到 %1。请安装 PostgreSQL 客户端程序（Debian/Ubuntu：postgresql-client；Windows：PostgreSQL 安装程序中的“Command Line Tools”）。</translation>
        </message>
        <message>
            <source>Or run by hand, with PGPASSWORD set: %1</source>
            <translation>或设置 PGPASSWORD 后手动运行：%1</translation>
        </message>
        <message>
            <source>The backup folder %1 cannot be written: %2</source>
            <translation>无法写入备份文件夹 %1：%2</translation>
        </message>
        <message>
            <source>The backup was cancelled.</source>
            <translation>备份已取消。</translation>
        </message>
        <message>
            <source>The backup could not be made: %1</source>
            <translation>备份失败：%1</translation>
        </message>
        <message>
            <source>%1 does not exist.</source>
            <translation>%1 不存在。</translation>
        </message>
        <message>
            <source>%1 is not a SQLite database.</source>
            <translation>%1 不是 SQLite 数据库。</translation>
        </message>
        <message>
            <source>%1 is not a pg_dump archive.</source>
            <translation>%1 不是 pg_dump 备份归档。</translation>
        </message>
        <message>
            <source>%1 is damaged and cannot be used (%2).</source>
            <translation>%1 已损坏，无法使用（%2）。</translation>
        </message>
        <message>
            <source>%1 is not a OneStop database.</source>
            <translation>%1 不是本系统的数据库。</translation>
        </message>
        <message>
            <source>%1 was written by a newer version of OneStop (schema %2).</source>
            <translation>%1 由更新版本的本系统写入（数据结构 %2）。</translation>
        </message>
        <message>
            <source>The database is open in another program. Close OneStop, the kiosk and the hall display first.</source>
            <translation>数据库正被其他程序使用。请先关闭本系统、取号机和叫号屏。</translation>
        </message>
        <message>
            <source>%1 failed: %2</source>
            <translation>%1 执行失败：%2</translation>
        </message>
        <message>
            <source>%1 minutes ago</source>
            <translation>%1 分钟前</translation>
        </message>
        <message>
            <source>%1 hours ago</source>
            <translation>%1 小时前</translation>
        </message>
        <message>
            <source>%1 days ago</source>
            <translation>%1 天前</translation>
        </message>
    </context>
    <context>
        <name>BackupScreen</name>
        <message>
            <source>Last backup</source>
            <translation>最近一次备份</translation>
        </message>
        <message>
            <source>Time:</source>
            <translation>时间：</translation>
        </message>
        <message>
            <source>Size:</source>
            <translation>大小：</translation>
        </message>
        <message>
            <source>File:</source>
            <translation>文件：</translation>
        </message>
        <message>
            <source>Folder:</source>
            <translation>文件夹：</translation>
        </message>
        <message>
            <source>Automatic:</source>
            <translation>自动备份：</translation>
        </message>
        <message>
            <source>&amp;Back up now</source>
            <translation>立即备份(&amp;B)</translation>
        </message>
        <message>
            <source>Back up the database now</source>
            <translation>立即备份数据库</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>&amp;Open folder</source>
            <translation>打开文件夹(&amp;O)</translation>
        </message>
        <message>
            <source>Show the backup folder in the file manager</source>
            <translation>在文件管理器中打开备份文件夹</translation>
        </message>
        <message>
            <source>C&amp;hange folder…</source>
            <translation>更改文件夹(&amp;H)…</translation>
        </message>
        <message>
            <source>Keep the backups in another folder, e.g. on a second disk</source>
            <translation>把备份保存到其他文件夹，例如另一块硬盘</translation>
        </message>
        <message>
            <source>Retention</source>
            <translation>保留规则</translation>
        </message>
        <message>
            <source>Daily backups kept (days):</source>
            <translation>每日备份保留天数：</translation>
        </message>
        <message>
            <source>Monthly backups kept (months):</source>
            <translation>每月备份保留月数：</translation>
        </message>
        <message>
            <source>The newest backup of each day and of each month is kept for this long; older ones are removed after the next successful backup. Copies taken before a version upgrade are never removed.</source>
            <translation>每天、每月各保留最新的一份备份，保留期限如上；更早的备份在下一次备份成功后删除。版本升级前自动生成的副本不会被删除。</translation>
        </message>
        <message>
            <source>&amp;Save retention</source>
            <translation>保存保留规则(&amp;S)</translation>
        </message>
        <message>
            <source>Save the retention settings</source>
            <translation>保存备份保留规则</translation>
        </message>
        <message>
            <source>To restore a backup, close OneStop, the kiosk and the hall display on this PC, then run:
    onestop restore FILE
The backup is checked first; the replaced database is kept beside it.</source>
            <translation>恢复备份：先关闭本机的本系统、取号机和叫号屏，然后运行：
    onestop restore 备份文件
系统会先检查备份文件；被替换的数据库保留在原位置旁边。</translation>
        </message>
        <message>
            <source>Taken</source>
            <translation>备份时间</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>大小</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Backups in the folder</source>
            <translation>文件夹中的备份</translation>
        </message>
        <message>
            <source>Before an upgrade</source>
            <translation>升级前副本</translation>
        </message>
        <message>
            <source>SQLite copy</source>
            <translation>SQLite 副本</translation>
        </message>
        <message>
            <source>pg_dump archive</source>
            <translation>pg_dump 归档</translation>
        </message>
        <message>
            <source>No backup yet</source>
            <translation>尚无备份</translation>
        </message>
        <message>
            <source>bytes</source>
            <translation>字节</translation>
        </message>
        <message>
            <source>Every day while OneStop runs on this PC (SQLite online backup).</source>
            <translation>本机运行本系统时每天自动备份（SQLite 在线备份）。</translation>
        </message>
        <message>
            <source>None for a PostgreSQL server: schedule “onestop backup” (pg_dump) on one PC every day.</source>
            <translation>PostgreSQL 服务器不自动备份：请在一台电脑上每天定时运行“onestop backup”（pg_dump）。</translation>
        </message>
        <message>
            <source>The last attempt failed (%1): %2</source>
            <translation>最近一次备份失败（%1）：%2</translation>
        </message>
        <message>
            <source>Backing up…</source>
            <translation>正在备份…</translation>
        </message>
        <message>
            <source>Copying and checking the database…</source>
            <translation>正在复制并检查数据库…</translation>
        </message>
        <message>
            <source>Backup done: %1 (%2).</source>
            <translation>备份完成：%1（%2）。</translation>
        </message>
        <message>
            <source>%1 older backups removed by retention.</source>
            <translation>按保留规则删除了 %1 份旧备份。</translation>
        </message>
        <message>
            <source>The backup was cancelled; nothing was kept.</source>
            <translation>备份已取消，未保留任何文件。</translation>
        </message>
        <message>
            <source>Backup folder</source>
            <translation>备份文件夹</translation>
        </message>
        <message>
            <source>Backups now go to %1.</source>
            <translation>今后备份保存到 %1。</translation>
        </message>
        <message>
            <source>Retention saved: %1 days, %2 months.</source>
            <translation>保留规则已保存：%1 天，%2 个月。</translation>
        </message>
    </context>
    <context>
        <name>BackupWarning</name>
        <message>
            <source>No backup of the database has been made yet.</source>
            <translation>数据库尚未备份过。</translation>
        </message>
        <message>
            <source>No successful backup for %1 days (last: %2).</source>
            <translation>已有 %1 天没有成功备份（最近一次：%2）。</translation>
        </message>
        <message>
            <source>See Administration → Backups.</source>
            <translation>请到“系统管理 → 备份”处理。</translation>
        </message>
        <message>
            <source>Please tell the administrator.</source>
            <translation>请通知系统管理员。</translation>
        </message>
    </context>
    <context>
        <name>BookingDialog</name>
        <message>
            <source>Move a session</source>
            <translation>调整调解安排</translation>
        </message>
        <message>
            <source>Book a session</source>
            <translation>预约调解</translation>
        </message>
        <message>
            <source>Case number, party or subject</source>
            <translation>案号、当事人或案由</translation>
        </message>
        <message>
            <source>Public mediation</source>
            <translation>公开调解</translation>
        </message>
        <message>
            <source>Tentative (does not occupy the room yet)</source>
            <translation>暂定（暂不占用调解室）</translation>
        </message>
        <message>
            <source>Book outside opening hours or on a day off</source>
            <translation>在办公时间以外或休息日预约</translation>
        </message>
        <message>
            <source>&amp;Find case:</source>
            <translation>查找案件(&amp;F)：</translation>
        </message>
        <message>
            <source>&amp;Case:</source>
            <translation>案件(&amp;C)：</translation>
        </message>
        <message>
            <source>Case:</source>
            <translation>案件：</translation>
        </message>
        <message>
            <source>&amp;Room:</source>
            <translation>调解室(&amp;R)：</translation>
        </message>
        <message>
            <source>fro&amp;m</source>
            <translation>从(&amp;M)</translation>
        </message>
        <message>
            <source>&amp;to</source>
            <translation>至(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;Day and time:</source>
            <translation>日期时间(&amp;D)：</translation>
        </message>
        <message>
            <source>Mediators:</source>
            <translation>调解员：</translation>
        </message>
        <message>
            <source>Parties attending:</source>
            <translation>参加的当事人：</translation>
        </message>
        <message>
            <source>Note:</source>
            <translation>备注：</translation>
        </message>
        <message>
            <source>Move</source>
            <translation>调整</translation>
        </message>
        <message>
            <source>Book</source>
            <translation>预约</translation>
        </message>
        <message>
            <source>Find a &amp;slot…</source>
            <translation>查找空档(&amp;S)…</translation>
        </message>
        <message>
            <source>The earliest times when the room, the mediators and the parties are free</source>
            <translation>调解室、调解员和当事人都有空的最早时间</translation>
        </message>
        <message>
            <source>Choose the case to book a session for.</source>
            <translation>请选择要预约调解的案件。</translation>
        </message>
        <message>
            <source>%1, %2–%3: the room, the mediators and the parties are free.</source>
            <translation>%1 %2–%3：调解室、调解员和当事人均有空。</translation>
        </message>
    </context>
    <context>
        <name>Calendar</name>
        <message>
            <source>Tell whether accepted</source>
            <translation>受理告知期限</translation>
        </message>
        <message>
            <source>Objection period</source>
            <translation>异议期限</translation>
        </message>
        <message>
            <source>Conclude</source>
            <translation>办结期限</translation>
        </message>
        <message>
            <source>复查 opinion</source>
            <translation>复查意见期限</translation>
        </message>
        <message>
            <source>复核 opinion</source>
            <translation>复核意见期限</translation>
        </message>
        <message>
            <source>Mediation term</source>
            <translation>调解期限</translation>
        </message>
        <message>
            <source>Bad-rating follow-up</source>
            <translation>差评回访</translation>
        </message>
        <message>
            <source>State Council notice</source>
            <translation>国务院办公厅通知</translation>
        </message>
        <message>
            <source>Official holidays of this version</source>
            <translation>本版本内置法定节假日</translation>
        </message>
        <message>
            <source>A day changed by hand</source>
            <translation>手工修改单日</translation>
        </message>
        <message>
            <source>Days changed by hand</source>
            <translation>手工批量修改</translation>
        </message>
        <message>
            <source>Year confirmed by hand</source>
            <translation>手工确认年度日历</translation>
        </message>
        <message>
            <source>official holidays shipped with OneStop (%1)</source>
            <translation>OneStop内置法定节假日（%1）</translation>
        </message>
        <message>
            <source>State Council notice 《%1》</source>
            <translation>国务院办公厅通知《%1》</translation>
        </message>
        <message>
            <source>entered by hand and confirmed (%1)</source>
            <translation>手工录入并确认（%1）</translation>
        </message>
        <message>
            <source>Petition</source>
            <translation>信访事项</translation>
        </message>
        <message>
            <source>Dispute</source>
            <translation>矛盾纠纷</translation>
        </message>
        <message>
            <source>Provisional: the holidays of %1 are not official in OneStop yet (weekends only). The date may move when the State Council's notice is imported.</source>
            <translation>暂定：%1年的节假日尚未录入正式安排（只按周末计算），导入国务院办公厅通知后该日期可能变动。</translation>
        </message>
        <message>
            <source>(provisional)</source>
            <translation>暂定</translation>
        </message>
        <message>
            <source>provisional: weekends only</source>
            <translation>临时日历：只按周末计算</translation>
        </message>
        <message>
            <source>, entered %1 by %2</source>
            <translation>，%1由%2录入</translation>
        </message>
        <message>
            <source>Line %1 (“%2”)</source>
            <translation>第%1行（“%2”）</translation>
        </message>
        <message>
            <source>Nothing was saved.</source>
            <translation>未保存任何内容。</translation>
        </message>
        <message>
            <source>The text is empty: paste the notice or open its file.</source>
            <translation>文本为空：请粘贴通知全文或打开通知文件。</translation>
        </message>
        <message>
            <source>No year found: the notice names it in its title, as in 《国务院办公厅关于2027年部分节假日安排的通知》.</source>
            <translation>未找到年份：通知标题应写明年份，如《国务院办公厅关于2027年部分节假日安排的通知》。</translation>
        </message>
        <message>
            <source>No holiday found: the notice lists them as items such as “二、春节：2月5日至11日放假调休，共7天。”.</source>
            <translation>未找到节假日安排：通知应逐条列出，如“二、春节：2月5日至11日放假调休，共7天。”。</translation>
        </message>
        <message>
            <source>%1: %2 is printed as %3 but is a %4. Check the year and the date.</source>
            <translation>%1：%2标注为%3，实际是%4。请核对年份和日期。</translation>
        </message>
        <message>
            <source>%1: the range has %2 days, but the notice says %3.</source>
            <translation>%1：日期范围共%2天，但通知写的是%3天。</translation>
        </message>
        <message>
            <source>%1: %2 is both a day off and a working day.</source>
            <translation>%1：%2既是放假日又是上班日。</translation>
        </message>
        <message>
            <source>%1: %2 is not in the notice's year.</source>
            <translation>%1：%2不在通知所属年度内。</translation>
        </message>
        <message>
            <source>%1: “%2” is not a date.</source>
            <translation>%1：“%2”不是有效日期。</translation>
        </message>
        <message>
            <source>%1 could not be read: it is neither a holiday's days off nor its make-up working days.</source>
            <translation>%1无法识别：既不是放假安排，也不是调休上班日。</translation>
        </message>
        <message>
            <source>The file %1 cannot be opened.</source>
            <translation>无法打开文件%1。</translation>
        </message>
        <message>
            <source>%1 is not a notice file OneStop reads (.txt, .html or .pdf).</source>
            <translation>%1不是可读取的通知文件（支持.txt、.html、.pdf）。</translation>
        </message>
        <message>
            <source>%1 is too large for a notice.</source>
            <translation>%1文件过大，不像是节假日通知。</translation>
        </message>
        <message>
            <source>%1 is neither UTF-8 nor GB18030 text.</source>
            <translation>%1既不是UTF-8也不是GB18030编码的文本。</translation>
        </message>
        <message>
            <source>%1 is not a readable PDF file.</source>
            <translation>%1不是可读取的PDF文件。</translation>
        </message>
        <message>
            <source>%1 has no text layer (a scan): copy the text from the government website instead.</source>
            <translation>%1没有文字层（扫描件）：请改为从政府网站复制通知全文。</translation>
        </message>
        <message>
            <source>Tickets are issued again on %1, %2–%3.</source>
            <translation>%1恢复取号，%2–%3。</translation>
        </message>
        <message>
            <source>a public holiday</source>
            <translation>法定节假日</translation>
        </message>
        <message>
            <source>The hall is closed today (%1): %2.</source>
            <translation>今天（%1）大厅休息：%2。</translation>
        </message>
        <message>
            <source>The hall is closed today (%1): weekend.</source>
            <translation>今天（%1）大厅休息：周末。</translation>
        </message>
        <message>
            <source>The last day must not be before the first.</source>
            <translation>结束日期不能早于开始日期。</translation>
        </message>
        <message>
            <source>Enter at most %1 days at once.</source>
            <translation>一次最多录入%1天。</translation>
        </message>
        <message>
            <source>%1 has no holiday stored yet: import the notice or enter its holidays before marking the year official.</source>
            <translation>%1年尚未录入任何节假日：请先导入通知或录入节假日，再确认为正式日历。</translation>
        </message>
    </context>
    <context>
        <name>CalendarBanner</name>
        <message>
            <source>&lt;b&gt;The holidays of %1 are not official in OneStop.&lt;/b&gt; Working days of %1 are counted with weekends only, so deadlines can come out early or land on a holiday; they are marked provisional.</source>
            <translation>&lt;b&gt;%1年节假日尚未录入正式安排。&lt;/b&gt;%1年的工作日只按周末计算，期限可能提前或落在假日上，已标注为“暂定”。</translation>
        </message>
        <message>
            <source>&lt;b&gt;The holidays of %1 are not official in OneStop yet.&lt;/b&gt; Deadlines that reach into %1 are counted with weekends only and marked provisional.</source>
            <translation>&lt;b&gt;%1年节假日尚未录入正式安排。&lt;/b&gt;延伸到%1年的期限只按周末计算，已标注为“暂定”。</translation>
        </message>
        <message>
            <source>Open cases with a provisional deadline: %1.</source>
            <translation>期限暂定的在办事项：%1件。</translation>
        </message>
        <message>
            <source>This version of OneStop knows them: import them now.</source>
            <translation>本版本已内置该年安排，请立即导入。</translation>
        </message>
        <message>
            <source>Import the State Council's notice 《国务院办公厅关于%1年部分节假日安排的通知》 as soon as it is published.</source>
            <translation>《国务院办公厅关于%1年部分节假日安排的通知》发布后请立即导入。</translation>
        </message>
        <message>
            <source>Import the %1 holidays</source>
            <translation>导入%1年节假日</translation>
        </message>
        <message>
            <source>Import the %1 notice…</source>
            <translation>导入%1年通知…</translation>
        </message>
        <message>
            <source>The administrator imports the State Council's notice once it is published; the deadlines it moves are listed for you.</source>
            <translation>通知发布后由系统管理员导入，由此变动的期限会列出供您查看。</translation>
        </message>
        <message>
            <source>Deadline changes…</source>
            <translation>期限变动…</translation>
        </message>
    </context>
    <context>
        <name>CalendarScreen</name>
        <message>
            <source>&amp;Working day</source>
            <translation>工作日(&amp;W)</translation>
        </message>
        <message>
            <source>&amp;Day off</source>
            <translation>休息日(&amp;D)</translation>
        </message>
        <message>
            <source>e.g. 春节, 调休上班（春节）</source>
            <translation>如：春节、调休上班（春节）</translation>
        </message>
        <message>
            <source>&amp;Save day</source>
            <translation>保存当日(&amp;S)</translation>
        </message>
        <message>
            <source>Save this day</source>
            <translation>保存所选日期的设置</translation>
        </message>
        <message>
            <source>&amp;Restore default</source>
            <translation>恢复默认(&amp;R)</translation>
        </message>
        <message>
            <source>Monday to Friday are working days, weekends are days off</source>
            <translation>周一至周五为工作日，周六、周日为休息日</translation>
        </message>
        <message>
            <source>Selected day</source>
            <translation>所选日期</translation>
        </message>
        <message>
            <source>This day is a:</source>
            <translation>当日为：</translation>
        </message>
        <message>
            <source>&amp;Note:</source>
            <translation>备注(&amp;N)：</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Working day</source>
            <translation>工作日</translation>
        </message>
        <message>
            <source>Day off</source>
            <translation>休息日</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>Paste or open 《国务院办公厅关于YYYY年部分节假日安排的通知》: its holidays and make-up working days make the year official</source>
            <translation>粘贴或打开《国务院办公厅关于YYYY年部分节假日安排的通知》：导入其中的放假和调休上班日后，该年成为正式日历</translation>
        </message>
        <message>
            <source>&amp;Import official holidays</source>
            <translation>导入法定节假日(&amp;I)</translation>
        </message>
        <message>
            <source>Add the State Council's holidays and make-up working days this version of OneStop knows; days already in the calendar are left as they are</source>
            <translation>导入本版本 OneStop 收录的国务院办公厅节假日安排（放假日和调休上班日）；日历中已有的日期保持不变</translation>
        </message>
        <message>
            <source>&amp;Mark the year official…</source>
            <translation>确认为正式日历(&amp;M)…</translation>
        </message>
        <message>
            <source>You entered this year's holidays by hand from the published notice: declare the year official</source>
            <translation>已按发布的通知手工录入本年节假日时，确认本年为正式日历</translation>
        </message>
        <message>
            <source>Deadline &amp;changes…</source>
            <translation>期限变动(&amp;C)…</translation>
        </message>
        <message>
            <source>The deadlines the calendar has moved: case, deadline, old and new date</source>
            <translation>因日历调整而变动的期限：案件、期限、原日期和新日期</translation>
        </message>
        <message>
            <source>The year's holidays</source>
            <translation>本年节假日安排</translation>
        </message>
        <message>
            <source>Days o&amp;ff (holiday)</source>
            <translation>放假(&amp;F)</translation>
        </message>
        <message>
            <source>e.g. 春节</source>
            <translation>如：春节</translation>
        </message>
        <message>
            <source>Import the State Council no&amp;tice…</source>
            <translation>导入国务院办公厅通知(&amp;T)…</translation>
        </message>
        <message>
            <source>Make-up wor&amp;king days (调休)</source>
            <translation>调休上班(&amp;K)</translation>
        </message>
        <message>
            <source>Save the da&amp;ys</source>
            <translation>保存这些日期(&amp;Y)</translation>
        </message>
        <message>
            <source>Every day from the first to the last becomes a day off (or a working day), with the note</source>
            <translation>从开始到结束的每一天都设为放假（或上班），并加上备注</translation>
        </message>
        <message>
            <source>Several days at once</source>
            <translation>批量设置</translation>
        </message>
        <message>
            <source>to</source>
            <translation>至</translation>
        </message>
        <message>
            <source>From:</source>
            <translation>日期：</translation>
        </message>
        <message>
            <source>These days are:</source>
            <translation>这些日期：</translation>
        </message>
        <message>
            <source>Note:</source>
            <translation>备注：</translation>
        </message>
        <message>
            <source>public holiday</source>
            <translation>法定节假日</translation>
        </message>
        <message>
            <source>make-up working day (调休)</source>
            <translation>调休上班日</translation>
        </message>
        <message>
            <source>weekend</source>
            <translation>周末</translation>
        </message>
        <message>
            <source>MMMM yyyy</source>
            <comment>date format of a month</comment>
            <translation>yyyy年M月</translation>
        </message>
        <message>
            <source>Holidays and make-up days in %1</source>
            <translation>%1 节假日与调休</translation>
        </message>
        <message>
            <source>%1: before OneStop's calendar.</source>
            <translation>%1年：早于本系统日历。</translation>
        </message>
        <message>
            <source>&amp;Mark %1 official…</source>
            <translation>确认%1年为正式日历(&amp;M)…</translation>
        </message>
        <message>
            <source>An ordinary working day.</source>
            <translation>正常工作日。</translation>
        </message>
        <message>
            <source>Weekend: a day off.</source>
            <translation>周末，休息。</translation>
        </message>
        <message>
            <source>A day off (holiday).</source>
            <translation>节假日，休息。</translation>
        </message>
        <message>
            <source>A make-up working day on a weekend (调休).</source>
            <translation>周末调休上班。</translation>
        </message>
        <message>
            <source>A day off.</source>
            <translation>休息日。</translation>
        </message>
        <message>
            <source>Saved: %1 is a working day.</source>
            <translation>已保存：%1 为工作日。</translation>
        </message>
        <message>
            <source>Saved: %1 is a day off.</source>
            <translation>已保存：%1 为休息日。</translation>
        </message>
        <message>
            <source>Saved: %1 to %2 are working days (%3 days changed).</source>
            <translation>已保存：%1至%2为上班日（变动%3天）。</translation>
        </message>
        <message>
            <source>Saved: %1 to %2 are days off (%3 days changed).</source>
            <translation>已保存：%1至%2为放假日（变动%3天）。</translation>
        </message>
        <message>
            <source>%1 open deadlines were recomputed.</source>
            <translation>已重新计算%1个在办期限。</translation>
        </message>
        <message>
            <source>The %1 calendar is official: %2 days saved from the State Council's notice.</source>
            <translation>%1年日历已成为正式日历：按国务院办公厅通知保存了%2天。</translation>
        </message>
        <message>
            <source>Mark %1 official</source>
            <translation>确认%1年为正式日历</translation>
        </message>
        <message>
            <source>Have you entered every holiday and make-up working day of %1 from the State Council's notice? Deadlines are then no longer shown as provisional.</source>
            <translation>是否已按国务院办公厅通知录入%1年的全部放假日和调休上班日？确认后期限不再标注为暂定。</translation>
        </message>
        <message>
            <source>entered by hand</source>
            <translation>手工录入</translation>
        </message>
        <message>
            <source>%1 days added from the official calendar. It is known up to %2; import the State Council's notice for later years once it is published.</source>
            <translation>已从法定节假日数据中添加%1天。内置数据截至%2年；以后年度请在国务院办公厅通知发布后导入。</translation>
        </message>
    </context>
    <context>
        <name>CalendarView</name>
        <message>
            <source>No rooms to show.</source>
            <translation>没有可显示的调解室。</translation>
        </message>
        <message>
            <source>Mediators: %1</source>
            <translation>调解员：%1</translation>
        </message>
        <message>
            <source>Parties: %1</source>
            <translation>当事人：%1</translation>
        </message>
        <message>
            <source>private</source>
            <translation>不公开</translation>
        </message>
    </context>
    <context>
        <name>CaseFilePanel</name>
        <message>
            <source>Case file (卷宗)</source>
            <translation>卷宗</translation>
        </message>
        <message>
            <source>Finalise case file…</source>
            <translation>卷宗定稿…</translation>
        </message>
        <message>
            <source>Build the case file of this closed case and store it as version 1</source>
            <translation>生成本结案案件的卷宗，并存为第 1 版</translation>
        </message>
        <message>
            <source>Preview</source>
            <translation>预览</translation>
        </message>
        <message>
            <source>Build the case file now and open it without storing it</source>
            <translation>现在生成卷宗并打开查看，不存档</translation>
        </message>
        <message>
            <source>New version…</source>
            <translation>新版本…</translation>
        </message>
        <message>
            <source>Build and store a new version, with the reason; earlier versions are kept</source>
            <translation>说明原因后生成并存档新版本；以前的版本全部保留</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>版本</translation>
        </message>
        <message>
            <source>Finalised</source>
            <translation>定稿时间</translation>
        </message>
        <message>
            <source>By</source>
            <translation>定稿人</translation>
        </message>
        <message>
            <source>Pages</source>
            <translation>页数</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>Checksum (SHA-256)</source>
            <translation>校验码（SHA-256）</translation>
        </message>
        <message>
            <source>Stored: version %1 of %2, %3 pages, SHA-256 %4…</source>
            <translation>已存档：第 %1 版（%2），共 %3 页，SHA-256 %4…</translation>
        </message>
        <message>
            <source>The case is closed: finalise its case file to store it for the archive.</source>
            <translation>本案已结案：请将卷宗定稿存档。</translation>
        </message>
        <message>
            <source>A case file is made once the case is closed.</source>
            <translation>案件结案后才能立卷。</translation>
        </message>
        <message>
            <source>Building the case file…</source>
            <translation>正在生成卷宗…</translation>
        </message>
        <message>
            <source>Case file finalised: version %1, %2 pages.</source>
            <translation>卷宗已定稿：第 %1 版，共 %2 页。</translation>
        </message>
        <message>
            <source>New case file version</source>
            <translation>卷宗新版本</translation>
        </message>
        <message>
            <source>Why a new version? (Version %1 is kept.)</source>
            <translation>为什么要生成新版本？（第 %1 版将保留。）</translation>
        </message>
        <message>
            <source>Give the reason for the new version.</source>
            <translation>请填写生成新版本的原因。</translation>
        </message>
    </context>
    <context>
        <name>CaseList</name>
        <message>
            <source>&amp;Register…</source>
            <translation>登记(&amp;R)…</translation>
        </message>
        <message>
            <source>Register a new petition</source>
            <translation>登记新的信访事项</translation>
        </message>
        <message>
            <source>Search case number, names, content (3+ characters; 2 characters: names that start with them)</source>
            <translation>搜索案件编号、姓名、内容（3个字以上；2个字按姓名开头查找）</translation>
        </message>
        <message>
            <source>Search (Ctrl+F); Esc cancels a running search</source>
            <translation>搜索（Ctrl+F）；Esc 取消正在进行的搜索</translation>
        </message>
        <message>
            <source>&amp;Filters</source>
            <translation>筛选(&amp;F)</translation>
        </message>
        <message>
            <source>Show or hide the filters</source>
            <translation>显示或隐藏筛选条件</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Any status</source>
            <translation>全部状态</translation>
        </message>
        <message>
            <source>Any category</source>
            <translation>全部类别</translation>
        </message>
        <message>
            <source>Any source</source>
            <translation>全部来源</translation>
        </message>
        <message>
            <source>Any department</source>
            <translation>全部单位</translation>
        </message>
        <message>
            <source>Village / community</source>
            <translation>村（社区）</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>登记日期</translation>
        </message>
        <message>
            <source>Export case files…</source>
            <translation>导出卷宗…</translation>
        </message>
        <message>
            <source>Export the case files of every case closed in a date range</source>
            <translation>导出某一时段内所有已结案件的卷宗</translation>
        </message>
        <message>
            <source>Searching…</source>
            <translation>正在搜索…</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>正在加载…</translation>
        </message>
        <message>
            <source>Search cancelled.</source>
            <translation>已取消搜索。</translation>
        </message>
        <message>
            <source>%1 cases shown</source>
            <translation>显示 %1 件</translation>
        </message>
    </context>
    <context>
        <name>CaseView</name>
        <message>
            <source>← Back</source>
            <translation>← 返回</translation>
        </message>
        <message>
            <source>Back to the list</source>
            <translation>返回列表</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>More</source>
            <translation>更多</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Gender</source>
            <translation>性别</translation>
        </message>
        <message>
            <source>Born</source>
            <translation>出生日期</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>身份证号</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>住址</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>村（社区）</translation>
        </message>
        <message>
            <source>Grid</source>
            <translation>网格</translation>
        </message>
        <message>
            <source>Show full ID number and phone…</source>
            <translation>查看完整证件号和电话…</translation>
        </message>
        <message>
            <source>Shows the full numbers of the selected person; the reveal is logged</source>
            <translation>显示所选人员的完整号码；查看行为将记入审计日志</translation>
        </message>
        <message>
            <source>Petitioners</source>
            <translation>信访人</translation>
        </message>
        <message>
            <source>Written reply</source>
            <translation>答复意见</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Step</source>
            <translation>环节</translation>
        </message>
        <message>
            <source>By</source>
            <translation>经办人</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>What</source>
            <translation>内容</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>大小</translation>
        </message>
        <message>
            <source>Added</source>
            <translation>添加时间</translation>
        </message>
        <message>
            <source>Checksum (SHA-256)</source>
            <translation>校验码（SHA-256）</translation>
        </message>
        <message>
            <source>Save a copy…</source>
            <translation>另存为…</translation>
        </message>
        <message>
            <source>Add attachment…</source>
            <translation>添加附件…</translation>
        </message>
        <message>
            <source>Noted</source>
            <translation>督办时间</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>责任单位</translation>
        </message>
        <message>
            <source>To do</source>
            <translation>督办要求</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>期限</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>回复</translation>
        </message>
        <message>
            <source>Requested</source>
            <translation>申请时间</translation>
        </message>
        <message>
            <source>Days</source>
            <translation>天数</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>理由</translation>
        </message>
        <message>
            <source>Decision</source>
            <translation>审批</translation>
        </message>
        <message>
            <source>Answer the supervision note…</source>
            <translation>回复督办…</translation>
        </message>
        <message>
            <source>Supervision notes (督办)</source>
            <translation>督办记录</translation>
        </message>
        <message>
            <source>Deadline extensions</source>
            <translation>延期申请</translation>
        </message>
        <message>
            <source>Document</source>
            <translation>文书</translation>
        </message>
        <message>
            <source>Number</source>
            <translation>文号</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Documents of this case</source>
            <translation>本案文书</translation>
        </message>
        <message>
            <source>Overview</source>
            <translation>概况</translation>
        </message>
        <message>
            <source>Timeline</source>
            <translation>办理过程</translation>
        </message>
        <message>
            <source>Attachments</source>
            <translation>附件</translation>
        </message>
        <message>
            <source>Supervision and extensions</source>
            <translation>督办与延期</translation>
        </message>
        <message>
            <source>Documents</source>
            <translation>文书</translation>
        </message>
        <message>
            <source>Statutory clock</source>
            <translation>法定时限</translation>
        </message>
        <message>
            <source>%1 due %2 — %3</source>
            <translation>%1期限 %2 — %3</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>登记</translation>
        </message>
        <message>
            <source>Query code</source>
            <translation>查询码</translation>
        </message>
        <message>
            <source>Handler</source>
            <translation>经办人</translation>
        </message>
        <message>
            <source>Queue ticket</source>
            <translation>排队号</translation>
        </message>
        <message>
            <source>Repeat visits</source>
            <translation>重复来访</translation>
        </message>
        <message>
            <source>Satisfaction</source>
            <translation>满意度</translation>
        </message>
        <message>
            <source>Why a new case</source>
            <translation>另立新案理由</translation>
        </message>
        <message>
            <source>Final</source>
            <translation>终结</translation>
        </message>
        <message>
            <source>settled by 复核: the same matter is not accepted again</source>
            <translation>已经复核，同一事项不再受理</translation>
        </message>
        <message>
            <source>Facts</source>
            <translation>查明事实</translation>
        </message>
        <message>
            <source>Basis</source>
            <translation>依据</translation>
        </message>
        <message>
            <source>not answered yet</source>
            <translation>尚未回复</translation>
        </message>
        <message>
            <source>Tell whether accepted by</source>
            <translation>告知是否受理</translation>
        </message>
        <message>
            <source>Objection possible until</source>
            <translation>可提异议至</translation>
        </message>
        <message>
            <source>+%1 d extension</source>
            <translation>延期 %1 天</translation>
        </message>
        <message>
            <source>+%1 d hearing</source>
            <translation>听证 %1 天</translation>
        </message>
        <message>
            <source>Conclude by</source>
            <translation>办结期限</translation>
        </message>
        <message>
            <source>Replied</source>
            <translation>答复日期</translation>
        </message>
        <message>
            <source>Review may be requested until</source>
            <translation>可请求复查至</translation>
        </message>
        <message>
            <source>Follow up by</source>
            <translation>回访期限</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>办结日期</translation>
        </message>
        <message>
            <source>Reviews case %1 (%2)</source>
            <translation>复查/复核的原件：%1（%2）</translation>
        </message>
        <message>
            <source>%1: case %2 (%3)</source>
            <translation>%1：%2（%3）</translation>
        </message>
        <message>
            <source>to %1</source>
            <translation>交 %1</translation>
        </message>
        <message>
            <source>%1 days</source>
            <translation>%1 天</translation>
        </message>
        <message>
            <source>due %1</source>
            <translation>期限 %1</translation>
        </message>
        <message>
            <source>waiting for the director</source>
            <translation>待主任审批</translation>
        </message>
        <message>
            <source>lapsed</source>
            <translation>已失效</translation>
        </message>
        <message>
            <source>approved</source>
            <translation>同意</translation>
        </message>
        <message>
            <source>refused</source>
            <translation>不同意</translation>
        </message>
        <message>
            <source>Select a document first.</source>
            <translation>请先选择一份文书。</translation>
        </message>
        <message>
            <source>Saved: %1</source>
            <translation>已保存：%1</translation>
        </message>
        <message>
            <source>Someone else changed this case meanwhile; it shows their change now.</source>
            <translation>他人刚刚修改了本案件，现已显示最新内容。</translation>
        </message>
        <message>
            <source>(the department decides)</source>
            <translation>（由责任单位指定）</translation>
        </message>
        <message>
            <source>Accept the matter and hand it to the responsible department. The department may object within the objection period.</source>
            <translation>受理该事项并转交责任单位办理。责任单位可在异议期限内提出异议。</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>The petitioner is told in writing (不予受理告知书) why, and where to turn instead.</source>
            <translation>将以书面形式（不予受理告知书）告知信访人理由及应当反映的途径。</translation>
        </message>
        <message>
            <source>Legal basis</source>
            <translation>依据</translation>
        </message>
        <message>
            <source>Where to turn instead</source>
            <translation>建议反映途径</translation>
        </message>
        <message>
            <source>The matter is not this department's: it goes back to the center to be assigned again (possible until %1).</source>
            <translation>该事项不属本单位职责，退回中心重新交办（可提异议至 %1）。</translation>
        </message>
        <message>
            <source>Why not ours</source>
            <translation>异议理由</translation>
        </message>
        <message>
            <source>Met on</source>
            <translation>见面日期</translation>
        </message>
        <message>
            <source>Place</source>
            <translation>地点</translation>
        </message>
        <message>
            <source>What the petitioner said</source>
            <translation>见面情况</translation>
        </message>
        <message>
            <source>What was done</source>
            <translation>办理情况</translation>
        </message>
        <message>
            <source>(the request)</source>
            <translation>（诉求）</translation>
        </message>
        <message>
            <source>The written reply states the facts, the basis and a decision on each request; it tells the petitioner that a review (复查) may be requested within 30 days.</source>
            <translation>答复意见书写明查明的事实、依据和对每项诉求的处理意见，并告知可在30日内请求复查。</translation>
        </message>
        <message>
            <source>Facts found</source>
            <translation>查明事实</translation>
        </message>
        <message>
            <source>Basis (laws, rules, policies)</source>
            <translation>依据（法律法规政策）</translation>
        </message>
        <message>
            <source>Decisions</source>
            <translation>处理意见</translation>
        </message>
        <message>
            <source>Request</source>
            <translation>诉求</translation>
        </message>
        <message>
            <source>Issuing body</source>
            <translation>答复机关</translation>
        </message>
        <message>
            <source>How</source>
            <translation>回访方式</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>回访情况</translation>
        </message>
        <message>
            <source>Content</source>
            <translation>信访内容</translation>
        </message>
        <message>
            <source>Requests</source>
            <translation>诉求</translation>
        </message>
        <message>
            <source>accepted %1</source>
            <translation>%1 已受理</translation>
        </message>
        <message>
            <source>not yet</source>
            <translation>尚未告知</translation>
        </message>
        <message>
            <source>At most 30 days, once; the director decides and the petitioner is told why.</source>
            <translation>延期不超过30日，限一次；由主任审批，并告知信访人延期理由。</translation>
        </message>
        <message>
            <source>Extend by</source>
            <translation>延期</translation>
        </message>
        <message>
            <source> days</source>
            <translation> 天</translation>
        </message>
        <message>
            <source>%1 asks to extend the conclusion deadline by %2 days: %3</source>
            <translation>%1 申请办结期限延长 %2 天：%3</translation>
        </message>
        <message>
            <source>Approve</source>
            <translation>同意</translation>
        </message>
        <message>
            <source>Refuse</source>
            <translation>不同意</translation>
        </message>
        <message>
            <source>Note (required when refusing)</source>
            <translation>意见（不同意时必填）</translation>
        </message>
        <message>
            <source>Hearing days do not count towards the 30 days of the 复核 opinion.</source>
            <translation>听证所需时间不计入复核的30日期限。</translation>
        </message>
        <message>
            <source>From</source>
            <translation>开始</translation>
        </message>
        <message>
            <source>To</source>
            <translation>结束</translation>
        </message>
        <message>
            <source>(the handling department)</source>
            <translation>（责任单位）</translation>
        </message>
        <message>
            <source>What must be done</source>
            <translation>督办要求</translation>
        </message>
        <message>
            <source>Registers a linked %1 case (possible until %2).</source>
            <translation>登记关联的%1案件（期限至 %2）。</translation>
        </message>
        <message>
            <source>Why the petitioner disagrees</source>
            <translation>不服理由</translation>
        </message>
        <message>
            <source>The same matter raised again is recorded on this case, not as a new case.</source>
            <translation>同一事项再次反映，记录在本件，不另立新案。</translation>
        </message>
        <message>
            <source>Add attachments</source>
            <translation>添加附件</translation>
        </message>
        <message>
            <source>Save a copy</source>
            <translation>另存为</translation>
        </message>
        <message>
            <source>What the department did</source>
            <translation>办理情况</translation>
        </message>
        <message>
            <source>Show full numbers</source>
            <translation>查看完整号码</translation>
        </message>
        <message>
            <source>Select a person first.</source>
            <translation>请先选择一位信访人。</translation>
        </message>
        <message>
            <source>%1
ID number: %2
Phone: %3

This reveal has been written to the audit log.</source>
            <translation>%1
身份证号：%2
电话：%3

本次查看已记入审计日志。</translation>
        </message>
    </context>
    <context>
        <name>CategoriesScreen</name>
        <message>
            <source>Petition category</source>
            <translation>信访事项分类</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>启用</translation>
        </message>
        <message>
            <source>New &amp;domain…</source>
            <translation>新增一级分类(&amp;D)…</translation>
        </message>
        <message>
            <source>Add a first-level domain</source>
            <translation>新增一级分类（领域）</translation>
        </message>
        <message>
            <source>&amp;New category…</source>
            <translation>新增二级分类(&amp;N)…</translation>
        </message>
        <message>
            <source>Add a category under the selected domain</source>
            <translation>在选中的一级分类下新增分类</translation>
        </message>
        <message>
            <source>&amp;Edit…</source>
            <translation>编辑(&amp;E)…</translation>
        </message>
        <message>
            <source>Edit the selected entry (Enter, F2, double-click)</source>
            <translation>编辑选中的条目（回车、F2 或双击）</translation>
        </message>
        <message>
            <source>&amp;Synonyms…</source>
            <translation>同义词(&amp;S)…</translation>
        </message>
        <message>
            <source>Category names of the 12345 and grid platforms and the categories they are imported as</source>
            <translation>12345 与网格平台使用的分类名称，以及导入时对应的本中心分类</translation>
        </message>
        <message>
            <source>Petition categories</source>
            <translation>信访事项分类</translation>
        </message>
        <message>
            <source>Dispute types (mediation)</source>
            <translation>纠纷类型（人民调解）</translation>
        </message>
        <message>
            <source>Dispute type</source>
            <translation>纠纷类型</translation>
        </message>
        <message>
            <source>Order</source>
            <translation>排序</translation>
        </message>
        <message>
            <source>New &amp;type…</source>
            <translation>新增类型(&amp;T)…</translation>
        </message>
    </context>
    <context>
        <name>CategoryDialog</name>
        <message>
            <source>Edit category</source>
            <translation>编辑分类</translation>
        </message>
        <message>
            <source>New domain</source>
            <translation>新增一级分类</translation>
        </message>
        <message>
            <source>New category</source>
            <translation>新增二级分类</translation>
        </message>
        <message>
            <source>— first level (a domain) —</source>
            <translation>—（作为一级分类）—</translation>
        </message>
        <message>
            <source>In &amp;use (offered when registering a petition)</source>
            <translation>启用（登记信访事项时可选）(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>名称(&amp;N)：</translation>
        </message>
        <message>
            <source>Belongs &amp;to:</source>
            <translation>所属一级分类(&amp;T)：</translation>
        </message>
        <message>
            <source>&amp;Order:</source>
            <translation>排序(&amp;O)：</translation>
        </message>
    </context>
    <context>
        <name>CenterScreen</name>
        <message>
            <source>Center</source>
            <translation>中心信息</translation>
        </message>
        <message>
            <source>&amp;Save center</source>
            <translation>保存中心信息(&amp;S)</translation>
        </message>
        <message>
            <source>Save the center's details</source>
            <translation>保存中心信息</translation>
        </message>
        <message>
            <source>Opening &amp;hours:</source>
            <translation>办公时间(&amp;H)：</translation>
        </message>
        <message>
            <source>Center &amp;name:</source>
            <translation>中心名称(&amp;N)：</translation>
        </message>
        <message>
            <source>Case number &amp;abbreviation:</source>
            <translation>案件编号简称(&amp;A)：</translation>
        </message>
        <message>
            <source>Case numbers:</source>
            <translation>编号示例：</translation>
        </message>
        <message>
            <source>A&amp;ddress:</source>
            <translation>地址(&amp;D)：</translation>
        </message>
        <message>
            <source>&amp;Phone:</source>
            <translation>联系电话(&amp;P)：</translation>
        </message>
        <message>
            <source>Rules and limits</source>
            <translation>参数设置</translation>
        </message>
        <message>
            <source>Save &amp;rules</source>
            <translation>保存参数(&amp;R)</translation>
        </message>
        <message>
            <source>Save the rules and limits</source>
            <translation>保存参数设置</translation>
        </message>
        <message>
            <source>%1 (petitions), %2 (mediation)</source>
            <translation>%1（信访）  %2（调解）</translation>
        </message>
        <message>
            <source>The center's details are saved.</source>
            <translation>中心信息已保存。</translation>
        </message>
        <message>
            <source>The rules are saved.</source>
            <translation>参数设置已保存。</translation>
        </message>
    </context>
    <context>
        <name>ChangePasswordDialog</name>
        <message>
            <source>Change password</source>
            <translation>修改密码</translation>
        </message>
        <message>
            <source>Current password:</source>
            <translation>当前密码：</translation>
        </message>
        <message>
            <source>New password:</source>
            <translation>新密码：</translation>
        </message>
        <message>
            <source>Confirm new password:</source>
            <translation>确认新密码：</translation>
        </message>
        <message>
            <source>The two passwords differ.</source>
            <translation>两次输入的密码不一致。</translation>
        </message>
    </context>
    <context>
        <name>ClerkPanel</name>
        <message>
            <source>Database unreachable — reconnecting…</source>
            <translation>数据库连接中断，正在重新连接…</translation>
        </message>
        <message>
            <source>Call next</source>
            <translation>叫号</translation>
        </message>
        <message>
            <source>Call the next visitor</source>
            <translation>呼叫下一位群众</translation>
        </message>
        <message>
            <source>Recall</source>
            <translation>重呼</translation>
        </message>
        <message>
            <source>Call the current ticket again</source>
            <translation>再次呼叫当前号码</translation>
        </message>
        <message>
            <source>No-show</source>
            <translation>过号</translation>
        </message>
        <message>
            <source>The visitor did not come after the last call</source>
            <translation>末次呼叫后群众仍未到窗口</translation>
        </message>
        <message>
            <source>Transfer</source>
            <translation>转移</translation>
        </message>
        <message>
            <source>Send the visitor to another service or window</source>
            <translation>转到其他事项或窗口（转窗）</translation>
        </message>
        <message>
            <source>Finish</source>
            <translation>办结</translation>
        </message>
        <message>
            <source>Finish with the service record, then rating</source>
            <translation>保存办理记录并办结，随后请群众评价</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>暂停</translation>
        </message>
        <message>
            <source>Pause or resume calling at this window</source>
            <translation>暂停或恢复本窗口叫号</translation>
        </message>
        <message>
            <source>Visitor arrived</source>
            <translation>开始办理</translation>
        </message>
        <message>
            <source>Service time starts now</source>
            <translation>群众已到窗口，开始计时办理</translation>
        </message>
        <message>
            <source>Re-queue late arrival</source>
            <translation>过号重排</translation>
        </message>
        <message>
            <source>A no-show ticket joins the line again</source>
            <translation>过号群众回来后重新排队</translation>
        </message>
        <message>
            <source>Book appointment</source>
            <translation>预约登记</translation>
        </message>
        <message>
            <source>Book a visit with a check-in code</source>
            <translation>登记预约，生成签到码</translation>
        </message>
        <message>
            <source>Register petition</source>
            <translation>登记信访</translation>
        </message>
        <message>
            <source>Register a petition for the current visitor (pre-filled from the ticket)</source>
            <translation>为当前来访群众登记信访事项（按号票预填）</translation>
        </message>
        <message>
            <source>Register dispute</source>
            <translation>登记纠纷</translation>
        </message>
        <message>
            <source>Register a dispute for mediation for the current visitor</source>
            <translation>为当前来访群众登记矛盾纠纷，转入调解</translation>
        </message>
        <message>
            <source>Register matter</source>
            <translation>登记事项</translation>
        </message>
        <message>
            <source>Register the visitor's matter (linked to the current ticket): conclude, hand over or keep it</source>
            <translation>登记来访人的事项（关联当前号票）：办结、转交或留在本窗口</translation>
        </message>
        <message>
            <source>Person's matters</source>
            <translation>一人一档</translation>
        </message>
        <message>
            <source>Every matter of a person, found by ID number or phone</source>
            <translation>按身份证号或电话查看此人的全部事项</translation>
        </message>
        <message>
            <source>Print matter slip</source>
            <translation>打印事项凭条</translation>
        </message>
        <message>
            <source>Print the ticket again with its matter's code and QR: the visitor looks up progress at the kiosk</source>
            <translation>重新打印号票，附事项编码和二维码：来访人可凭此在取号机查询办理进度</translation>
        </message>
        <message>
            <source>Service record: what was done (at most 500 characters)</source>
            <translation>办理记录：办理了什么事项（最多 500 字）</translation>
        </message>
        <message>
            <source>Service record:</source>
            <translation>办理记录：</translation>
        </message>
        <message>
            <source>Number</source>
            <translation>号码</translation>
        </message>
        <message>
            <source>Service</source>
            <translation>事项</translation>
        </message>
        <message>
            <source>Waiting</source>
            <translation>已等候</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>The connection is back. The window shows what is stored in the database.</source>
            <translation>连接已恢复，窗口显示的是数据库中保存的实际状态。</translation>
        </message>
        <message>
            <source>No window is assigned to your account. Ask an administrator to assign one.</source>
            <translation>您的账号未分配窗口，请联系管理员分配。</translation>
        </message>
        <message>
            <source>Transferred, front</source>
            <translation>转来·优先</translation>
        </message>
        <message>
            <source>Transferred</source>
            <translation>转来</translation>
        </message>
        <message>
            <source>For this window</source>
            <translation>指定本窗口</translation>
        </message>
        <message>
            <source>Appointment</source>
            <translation>预约</translation>
        </message>
        <message>
            <source>Priority</source>
            <translation>绿色通道</translation>
        </message>
        <message>
            <source>Window %1 · %2 · serves %3</source>
            <translation>%1号窗口 · %2 · 办理事项 %3</translation>
        </message>
        <message>
            <source>Waiting for this window</source>
            <translation>本窗口等候队列</translation>
        </message>
        <message>
            <source>Resume</source>
            <translation>恢复</translation>
        </message>
        <message>
            <source>No visitor at the window</source>
            <translation>窗口暂无群众</translation>
        </message>
        <message>
            <source>Press F1 to call the next visitor.</source>
            <translation>按 F1 呼叫下一位。</translation>
        </message>
        <message>
            <source>The window is paused. Press F6 to resume.</source>
            <translation>窗口已暂停，按 F6 恢复。</translation>
        </message>
        <message>
            <source>Linked case: %1</source>
            <translation>关联案件：%1</translation>
        </message>
        <message>
            <source>call %1 of %2</source>
            <translation>第 %1/%2 次呼叫</translation>
        </message>
        <message>
            <source>Priority lane</source>
            <translation>绿色通道</translation>
        </message>
        <message>
            <source>Served today: %1</source>
            <translation>今日已办：%1</translation>
        </message>
        <message>
            <source>can be called again in %1 s</source>
            <translation>%1 秒后可重呼</translation>
        </message>
        <message>
            <source>%1 can be called again in %2 s</source>
            <translation>%1 在 %2 秒后可重呼</translation>
        </message>
        <message>
            <source>F2 calls again</source>
            <translation>可按 F2 重呼</translation>
        </message>
        <message>
            <source>no-show possible in %1 s</source>
            <translation>%1 秒后可标记过号</translation>
        </message>
        <message>
            <source>not here: F3 marks a no-show</source>
            <translation>未到请按 F3 标记过号</translation>
        </message>
        <message>
            <source>%1 has been called %2 times, the most allowed</source>
            <translation>%1 已呼叫 %2 次，已达上限</translation>
        </message>
        <message>
            <source>A no-show can be marked after every call: %1 more call(s) first</source>
            <translation>呼叫满次数后才能标记过号：还需重呼 %1 次</translation>
        </message>
        <message>
            <source>Give the visitor time to come: a no-show can be marked in %1 s</source>
            <translation>请给群众留出到场时间：%1 秒后可标记过号</translation>
        </message>
        <message>
            <source>Waited %1</source>
            <translation>等候 %1</translation>
        </message>
        <message>
            <source>in service %1</source>
            <translation>办理用时 %1</translation>
        </message>
        <message>
            <source>called %1 ago</source>
            <translation>呼叫后已过 %1</translation>
        </message>
        <message>
            <source>The connection broke while saving. Once it is back, the window shows whether it was saved; nothing is repeated automatically.</source>
            <translation>保存时连接中断。连接恢复后，窗口会显示是否已保存；系统不会自动重复操作。</translation>
        </message>
        <message>
            <source>Not saved: the database cannot be reached. Try again once the connection is back.</source>
            <translation>未保存：无法连接数据库。请在连接恢复后重试。</translation>
        </message>
        <message>
            <source>Nobody is waiting for this window.</source>
            <translation>本窗口暂无等候群众。</translation>
        </message>
        <message>
            <source>Called %1.</source>
            <translation>已呼叫 %1。</translation>
        </message>
        <message>
            <source>Called %1 again (call %2 of %3).</source>
            <translation>已再次呼叫 %1（第 %2/%3 次）。</translation>
        </message>
        <message>
            <source>%1 marked as no-show. Ctrl+R re-queues a late arrival.</source>
            <translation>%1 已过号。群众回来后可按 Ctrl+R 重新排队。</translation>
        </message>
        <message>
            <source>window %1</source>
            <translation>%1号窗口</translation>
        </message>
        <message>
            <source>%1 transferred to %2 (%3).</source>
            <translation>%1 已转至 %2（%3）。</translation>
        </message>
        <message>
            <source>No window that can call it is open now: the ticket waits until one opens.</source>
            <translation>目前没有可办理该事项的窗口在岗，该号将等候至有窗口开放。</translation>
        </message>
        <message>
            <source>%1 finished. Waiting for the visitor's rating…</source>
            <translation>%1 已办结，等待群众评价…</translation>
        </message>
        <message>
            <source>%1: the visitor did not rate.</source>
            <translation>%1：群众未评价。</translation>
        </message>
        <message>
            <source>%1 rated: %2.</source>
            <translation>%1 评价：%2。</translation>
        </message>
        <message>
            <source>A follow-up was opened; it is due on %1.</source>
            <translation>已生成差评回访，须于 %1 前答复。</translation>
        </message>
        <message>
            <source>The window is paused.</source>
            <translation>窗口已暂停。</translation>
        </message>
        <message>
            <source>The window calls again.</source>
            <translation>窗口已恢复叫号。</translation>
        </message>
        <message>
            <source>%1 is waiting again.</source>
            <translation>%1 已重新排队。</translation>
        </message>
        <message>
            <source>Appointment booked for %1 on %2 at %3. Check-in code: %4</source>
            <translation>已为 %1 预约 %2 %3，签到码：%4</translation>
        </message>
        <message>
            <source>Petition %1 registered.</source>
            <translation>信访事项 %1 已登记。</translation>
        </message>
        <message>
            <source>Repeat visit recorded on petition %1.</source>
            <translation>已在信访事项 %1 上记录重复来访。</translation>
        </message>
        <message>
            <source>Dispute %1 registered.</source>
            <translation>矛盾纠纷 %1 已登记。</translation>
        </message>
        <message>
            <source>Matter %1 registered and concluded.</source>
            <translation>已登记事项 %1，并已办结。</translation>
        </message>
        <message>
            <source>Matter %1 registered.</source>
            <translation>已登记事项 %1。</translation>
        </message>
        <message>
            <source>Matter %1 registered; not handed over: it stays with this window.</source>
            <translation>已登记事项 %1，未转交：仍由本窗口负责。</translation>
        </message>
        <message>
            <source>Matter %1 registered and handed over to %2; it is yours until received.</source>
            <translation>已登记事项 %1，已转交%2；对方接收前仍由您负责。</translation>
        </message>
        <message>
            <source>Ticket %1 has no matter yet: register it first (Ctrl+M).</source>
            <translation>%1 号还没有登记事项，请先登记（Ctrl+M）。</translation>
        </message>
    </context>
    <context>
        <name>CloseDialog</name>
        <message>
            <source>Close case</source>
            <translation>结案</translation>
        </message>
        <message>
            <source>Outcome:</source>
            <translation>结案方式：</translation>
        </message>
        <message>
            <source>Explanation:</source>
            <translation>情况说明：</translation>
        </message>
        <message>
            <source>Referred to:</source>
            <translation>移交去向：</translation>
        </message>
        <message>
            <source>Receiving body:</source>
            <translation>接收单位：</translation>
        </message>
    </context>
    <context>
        <name>ClosingDialog</name>
        <message>
            <source>Close case %1</source>
            <translation>结案 %1</translation>
        </message>
        <message>
            <source>These sessions of the case are still booked. The checked ones are cancelled with the closing and their rooms are free again:</source>
            <translation>本案还有以下调解安排。勾选的安排将随结案一并取消，调解室随即空出：</translation>
        </message>
        <message>
            <source>These sessions of the case are still booked. A closed case keeps no sessions: they are cancelled with the closing and their rooms are free again:</source>
            <translation>本案还有以下调解安排。结案后不再保留调解安排，它们将随结案一并取消，调解室随即空出：</translation>
        </message>
    </context>
    <context>
        <name>DataKey</name>
        <message>
            <source>That is not a whole key: a key has 14 groups of 4 characters.</source>
            <translation>密钥不完整：密钥共 14 组，每组 4 个字符。</translation>
        </message>
        <message>
            <source>A key has only the letters A–Z and the digits 2–7.</source>
            <translation>密钥只含字母 A–Z 和数字 2–7。</translation>
        </message>
        <message>
            <source>The key has a typing mistake: its check characters do not match. Compare it group by group with the sheet.</source>
            <translation>密钥有输入错误：校验不符。请对照恢复单逐组核对。</translation>
        </message>
        <message>
            <source>This database has no data key yet.</source>
            <translation>此数据库还没有数据密钥。</translation>
        </message>
        <message>
            <source>The ID numbers and phone numbers in this database are encrypted with the data key %1, which this PC does not have. The administrator types it from the recovery sheet.</source>
            <translation>此数据库中的身份证号码和电话号码已用数据密钥 %1 加密，本机没有该密钥。请系统管理员按数据密钥恢复单输入。</translation>
        </message>
        <message>
            <source>This is the data key %1, but the database's key is %2: the sheet belongs to another database. Nothing was kept.</source>
            <translation>输入的是数据密钥 %1，而此数据库的密钥是 %2：这张恢复单属于另一个数据库。未保存任何内容。</translation>
        </message>
    </context>
    <context>
        <name>DataKeyBox</name>
        <message>
            <source>Personal data key</source>
            <translation>个人信息数据密钥</translation>
        </message>
        <message>
            <source>Save the recovery shee&amp;t…</source>
            <translation>保存密钥恢复单(&amp;T)…</translation>
        </message>
        <message>
            <source>A PDF with the key, to print and lock away, apart from the backups</source>
            <translation>含密钥的 PDF，打印后与备份分开锁存</translation>
        </message>
        <message>
            <source>ID numbers and phone numbers are stored encrypted with the data key %1 (made %2). Save its recovery sheet, print it and lock it away: without the key they cannot be read on another PC, nor here if this PC's copy of the key is lost.</source>
            <translation>身份证号码和电话号码已用数据密钥 %1（%2 生成）加密保存。请保存密钥恢复单，打印后锁存：没有密钥，在其他电脑上无法读出这些信息；本机的密钥丢失后，本机也无法读出。</translation>
        </message>
        <message>
            <source>Save the recovery sheet</source>
            <translation>保存密钥恢复单</translation>
        </message>
        <message>
            <source>Could not write %1: %2</source>
            <translation>无法写入 %1：%2</translation>
        </message>
        <message>
            <source>The recovery sheet is saved as %1. Print it, lock it away, then delete the file.</source>
            <translation>密钥恢复单已保存为 %1。请打印并锁存，然后删除该文件。</translation>
        </message>
    </context>
    <context>
        <name>DataKeyDialog</name>
        <message>
            <source>OneStop — Data key</source>
            <translation>OneStop — 数据密钥</translation>
        </message>
        <message>
            <source>Key id on the sheet: %1
Type the key as printed: spaces and upper or lower case do not matter.</source>
            <translation>恢复单上的密钥编号：%1
请按恢复单输入密钥，空格和大小写不限。</translation>
        </message>
        <message>
            <source>&amp;Save the key on this PC</source>
            <translation>在本机保存密钥(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Key:</source>
            <translation>密钥(&amp;K)：</translation>
        </message>
    </context>
    <context>
        <name>DatabaseDialog</name>
        <message>
            <source>OneStop — Database connection</source>
            <translation>OneStop — 数据库连接</translation>
        </message>
        <message>
            <source>OneStop could not open its database.</source>
            <translation>OneStop 无法打开数据库。</translation>
        </message>
        <message>
            <source>For a center with several PCs, enter the PostgreSQL server, for example
postgresql://onestop:PASSWORD@192.168.1.10:5432/onestop
For a single PC, use the local database file.</source>
            <translation>中心有多台电脑时，请填写 PostgreSQL 服务器地址，例如
postgresql://onestop:密码@192.168.1.10:5432/onestop
只有一台电脑时，使用本机数据库文件即可。</translation>
        </message>
        <message>
            <source>&amp;Test connection</source>
            <translation>测试连接(&amp;T)</translation>
        </message>
        <message>
            <source>Use the &amp;local database on this PC</source>
            <translation>使用本机数据库(&amp;L)</translation>
        </message>
        <message>
            <source>Database &amp;URL:</source>
            <translation>数据库地址(&amp;U)：</translation>
        </message>
        <message>
            <source>Connection works.</source>
            <translation>连接成功。</translation>
        </message>
        <message>
            <source>The password will be kept in the system keyring, not in the settings file.</source>
            <translation>密码将保存在系统密钥环中，而不写入设置文件。</translation>
        </message>
        <message>
            <source>No system keyring is available on this PC: the password will be stored in plain text in %1, a file only this user account can read (not in the settings file).</source>
            <translation>本机没有可用的系统密钥环：密码将以明文保存在 %1 中（只有本机当前用户账户能读取该文件，不写入设置文件）。</translation>
        </message>
        <message>
            <source>Warning: this server is on another computer and the connection is not encrypted, so passwords and personal data cross the network readable by anyone on it. Add ?sslmode=verify-full&amp;sslrootcert= and the path of the center's CA certificate to the URL.</source>
            <translation>警告：该服务器在另一台电脑上，而连接未加密，密码和个人信息将以明文在网络上传输，网络上的任何人都能读取。请在地址末尾加上 ?sslmode=verify-full&amp;sslrootcert= 和中心 CA 证书文件的路径。</translation>
        </message>
    </context>
    <context>
        <name>DeadlineChangesDialog</name>
        <message>
            <source>Deadlines moved by the calendar</source>
            <translation>因日历调整而变动的期限</translation>
        </message>
        <message>
            <source>Case</source>
            <translation>案件</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Deadline</source>
            <translation>期限</translation>
        </message>
        <message>
            <source>Old date</source>
            <translation>原日期</translation>
        </message>
        <message>
            <source>New date</source>
            <translation>新日期</translation>
        </message>
        <message>
            <source>Why</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>When, by whom</source>
            <translation>时间、操作人</translation>
        </message>
        <message>
            <source>%1 open deadlines were recomputed with the new calendar. Concluded cases keep their dates.</source>
            <translation>已按新日历重新计算%1个在办期限。已办结的案件日期不变。</translation>
        </message>
        <message>
            <source>No open deadline depends on the days that changed.</source>
            <translation>没有在办期限受这些日期变动影响。</translation>
        </message>
        <message>
            <source>Every deadline the calendar has moved, newest first (%1).</source>
            <translation>因日历调整而变动的全部期限，最新的在前（%1条）。</translation>
        </message>
        <message>
            <source>The calendar has not moved any deadline yet.</source>
            <translation>日历调整尚未变动任何期限。</translation>
        </message>
        <message>
            <source>%1 days later</source>
            <translation>推后%1天</translation>
        </message>
        <message>
            <source>%1 days earlier</source>
            <translation>提前%1天</translation>
        </message>
    </context>
    <context>
        <name>DepartmentDialog</name>
        <message>
            <source>New department</source>
            <translation>新增责任单位</translation>
        </message>
        <message>
            <source>Edit department</source>
            <translation>编辑责任单位</translation>
        </message>
        <message>
            <source>In &amp;use (petitions can be assigned to it)</source>
            <translation>启用（可向其交办信访事项）(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>名称(&amp;N)：</translation>
        </message>
        <message>
            <source>&amp;Contact person:</source>
            <translation>联系人(&amp;C)：</translation>
        </message>
        <message>
            <source>&amp;Phone:</source>
            <translation>联系电话(&amp;P)：</translation>
        </message>
        <message>
            <source>&amp;Order:</source>
            <translation>排序(&amp;O)：</translation>
        </message>
    </context>
    <context>
        <name>DepartmentsScreen</name>
        <message>
            <source>Responsible departments</source>
            <translation>责任单位</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>单位名称</translation>
        </message>
        <message>
            <source>Contact person</source>
            <translation>联系人</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>联系电话</translation>
        </message>
        <message>
            <source>Order</source>
            <translation>排序</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>启用</translation>
        </message>
        <message>
            <source>&amp;New department…</source>
            <translation>新增责任单位(&amp;N)…</translation>
        </message>
    </context>
    <context>
        <name>DirectorBoard</name>
        <message>
            <source>Department</source>
            <translation>责任单位</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>已超期</translation>
        </message>
        <message>
            <source>Due today</source>
            <translation>今日到期</translation>
        </message>
        <message>
            <source>Due soon</source>
            <translation>即将到期</translation>
        </message>
        <message>
            <source>Oldest deadline</source>
            <translation>最早期限</translation>
        </message>
        <message>
            <source>Dissatisfied follow-ups</source>
            <translation>回访不满意</translation>
        </message>
        <message>
            <source>Open supervision notes</source>
            <translation>督办未回复</translation>
        </message>
        <message>
            <source>Case</source>
            <translation>案件</translation>
        </message>
        <message>
            <source>Days</source>
            <translation>天数</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>理由</translation>
        </message>
        <message>
            <source>Requested by</source>
            <translation>申请人</translation>
        </message>
        <message>
            <source>Requested</source>
            <translation>申请时间</translation>
        </message>
        <message>
            <source>Extension requests</source>
            <translation>延期申请</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Open case</source>
            <translation>打开案件</translation>
        </message>
        <message>
            <source>Open the selected case (Enter)</source>
            <translation>打开所选案件（Enter）</translation>
        </message>
        <message>
            <source>Deadline changes…</source>
            <translation>期限变动…</translation>
        </message>
        <message>
            <source>The deadlines the working-day calendar has moved: case, deadline, old and new date</source>
            <translation>因工作日历调整而变动的期限：案件、期限、原日期和新日期</translation>
        </message>
        <message>
            <source>By department</source>
            <translation>按责任单位</translation>
        </message>
        <message>
            <source>%1 handed-over matters not received in time</source>
            <translation>%1 件转交事项超时未接收</translation>
        </message>
        <message>
            <source>Center (not yet assigned)</source>
            <translation>中心（尚未交办）</translation>
        </message>
        <message>
            <source>Extension requests (%1)</source>
            <translation>延期申请（%1）</translation>
        </message>
        <message>
            <source>%1 cases overdue, %2 due today, %3 due soon.</source>
            <translation>已超期 %1 件，今日到期 %2 件，即将到期 %3 件。</translation>
        </message>
        <message>
            <source>Showing %1 (Esc shows all).</source>
            <translation>当前只看 %1（Esc 显示全部）。</translation>
        </message>
    </context>
    <context>
        <name>DisputeList</name>
        <message>
            <source>Search: case number, party, subject or facts</source>
            <translation>搜索：案号、当事人、案由或事实</translation>
        </message>
        <message>
            <source>Search</source>
            <translation>搜索</translation>
        </message>
        <message>
            <source>Open cases</source>
            <translation>在办案件</translation>
        </message>
        <message>
            <source>All states</source>
            <translation>全部状态</translation>
        </message>
        <message>
            <source>All types</source>
            <translation>全部类型</translation>
        </message>
        <message>
            <source>Any deadline</source>
            <translation>全部期限</translation>
        </message>
        <message>
            <source>Due soon</source>
            <translation>即将到期</translation>
        </message>
        <message>
            <source>Due today or overdue</source>
            <translation>今日到期或超期</translation>
        </message>
        <message>
            <source>Only my cases</source>
            <translation>只看我的案件</translation>
        </message>
        <message>
            <source>&amp;Register dispute…</source>
            <translation>登记纠纷(&amp;R)…</translation>
        </message>
        <message>
            <source>Case number</source>
            <translation>案号</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>案由</translation>
        </message>
        <message>
            <source>Parties</source>
            <translation>当事人</translation>
        </message>
        <message>
            <source>Mediators</source>
            <translation>调解员</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Registered</source>
            <translation>登记日期</translation>
        </message>
        <message>
            <source>Deadline</source>
            <translation>调解期限</translation>
        </message>
        <message>
            <source>Export case files…</source>
            <translation>导出卷宗…</translation>
        </message>
        <message>
            <source>Export the case files of every case closed in a date range</source>
            <translation>导出某一时段内所有已结案件的卷宗</translation>
        </message>
        <message>
            <source>%1 (%2 days overdue)</source>
            <translation>%1（超期%2天）</translation>
        </message>
        <message>
            <source>%1 (%2 days left)</source>
            <translation>%1（剩%2天）</translation>
        </message>
        <message>
            <source>%1 cases</source>
            <translation>共 %1 件</translation>
        </message>
    </context>
    <context>
        <name>DisputeTypeDialog</name>
        <message>
            <source>New dispute type</source>
            <translation>新增纠纷类型</translation>
        </message>
        <message>
            <source>Edit dispute type</source>
            <translation>编辑纠纷类型</translation>
        </message>
        <message>
            <source>In &amp;use (offered when registering a dispute)</source>
            <translation>启用（登记纠纷时可选）(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>名称(&amp;N)：</translation>
        </message>
        <message>
            <source>&amp;Order:</source>
            <translation>排序(&amp;O)：</translation>
        </message>
    </context>
    <context>
        <name>DisputeView</name>
        <message>
            <source>Back to the list</source>
            <translation>返回列表</translation>
        </message>
        <message>
            <source>◀ Bac&amp;k</source>
            <translation>◀ 返回(&amp;K)</translation>
        </message>
        <message>
            <source>&amp;Edit registration…</source>
            <translation>修改登记(&amp;E)…</translation>
        </message>
        <message>
            <source>&amp;Book session…</source>
            <translation>预约调解(&amp;B)…</translation>
        </message>
        <message>
            <source>&amp;Record session…</source>
            <translation>记录调解(&amp;R)…</translation>
        </message>
        <message>
            <source>A&amp;greement…</source>
            <translation>调解协议(&amp;G)…</translation>
        </message>
        <message>
            <source>&amp;Close case…</source>
            <translation>结案(&amp;C)…</translation>
        </message>
        <message>
            <source>Mediation failed, terminated, or referred to another body</source>
            <translation>调解不成、终止调解或移交其他单位</translation>
        </message>
        <message>
            <source>&amp;Print registration form</source>
            <translation>打印登记表(&amp;P)</translation>
        </message>
        <message>
            <source>Case</source>
            <translation>案件</translation>
        </message>
        <message>
            <source>Sessions and records</source>
            <translation>调解安排与笔录</translation>
        </message>
        <message>
            <source>Agreement and after</source>
            <translation>协议与履行</translation>
        </message>
        <message>
            <source>Case file (卷宗)</source>
            <translation>卷宗</translation>
        </message>
        <message>
            <source>Side</source>
            <translation>身份</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>姓名（名称）</translation>
        </message>
        <message>
            <source>Gender</source>
            <translation>性别</translation>
        </message>
        <message>
            <source>Born</source>
            <translation>出生日期</translation>
        </message>
        <message>
            <source>ID number / credit code</source>
            <translation>身份证号码／信用代码</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>住址</translation>
        </message>
        <message>
            <source>Representative</source>
            <translation>代理人</translation>
        </message>
        <message>
            <source>&lt;b&gt;Facts&lt;/b&gt;</source>
            <translation>&lt;b&gt;纠纷事实&lt;/b&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;Disputed matters&lt;/b&gt;</source>
            <translation>&lt;b&gt;争议事项&lt;/b&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;Parties&lt;/b&gt;</source>
            <translation>&lt;b&gt;当事人&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Room</source>
            <translation>调解室</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Mediators</source>
            <translation>调解员</translation>
        </message>
        <message>
            <source>Parties</source>
            <translation>当事人</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>笔录</translation>
        </message>
        <message>
            <source>Held</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Place</source>
            <translation>地点</translation>
        </message>
        <message>
            <source>Recorder</source>
            <translation>记录人</translation>
        </message>
        <message>
            <source>&lt;b&gt;Records (调解笔录)&lt;/b&gt;</source>
            <translation>&lt;b&gt;调解笔录&lt;/b&gt;</translation>
        </message>
        <message>
            <source>&amp;Open record…</source>
            <translation>打开笔录(&amp;O)…</translation>
        </message>
        <message>
            <source>Print record</source>
            <translation>打印笔录</translation>
        </message>
        <message>
            <source>&lt;b&gt;Booked sessions&lt;/b&gt;</source>
            <translation>&lt;b&gt;调解安排&lt;/b&gt;</translation>
        </message>
        <message>
            <source>No.</source>
            <translation>序号</translation>
        </message>
        <message>
            <source>Agreed term</source>
            <translation>协议内容</translation>
        </message>
        <message>
            <source>Performed by</source>
            <translation>履行人</translation>
        </message>
        <message>
            <source>By</source>
            <translation>履行期限</translation>
        </message>
        <message>
            <source>Performance</source>
            <translation>履行情况</translation>
        </message>
        <message>
            <source>Checked</source>
            <translation>核查</translation>
        </message>
        <message>
            <source>Visited</source>
            <translation>回访日期</translation>
        </message>
        <message>
            <source>How</source>
            <translation>方式</translation>
        </message>
        <message>
            <source>Visited party</source>
            <translation>回访对象</translation>
        </message>
        <message>
            <source>Visited by</source>
            <translation>回访人</translation>
        </message>
        <message>
            <source>Satisfaction</source>
            <translation>满意度</translation>
        </message>
        <message>
            <source>&lt;b&gt;Performance of the terms&lt;/b&gt;</source>
            <translation>&lt;b&gt;协议履行情况&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Record perf&amp;ormance…</source>
            <translation>登记履行情况(&amp;O)…</translation>
        </message>
        <message>
            <source>&lt;b&gt;Judicial confirmation&lt;/b&gt;</source>
            <translation>&lt;b&gt;司法确认&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Record &amp;judicial confirmation…</source>
            <translation>登记司法确认(&amp;J)…</translation>
        </message>
        <message>
            <source>&lt;b&gt;Follow-up visits&lt;/b&gt;</source>
            <translation>&lt;b&gt;回访&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Add &amp;visit…</source>
            <translation>添加回访(&amp;V)…</translation>
        </message>
        <message>
            <source>Print visit record</source>
            <translation>打印回访记录</translation>
        </message>
        <message>
            <source> (%1 days left)</source>
            <translation>（剩%1天）</translation>
        </message>
        <message>
            <source> (%1 days overdue)</source>
            <translation>（超期%1天）</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>纠纷类型</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>案件来源</translation>
        </message>
        <message>
            <source>Registered</source>
            <translation>登记</translation>
        </message>
        <message>
            <source>Deadline</source>
            <translation>调解期限</translation>
        </message>
        <message>
            <source>none assigned</source>
            <translation>未指派</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>村（社区）</translation>
        </message>
        <message>
            <source>Next session</source>
            <translation>下次调解</translation>
        </message>
        <message>
            <source>Sessions held</source>
            <translation>已调解</translation>
        </message>
        <message>
            <source>%1, with %2 records</source>
            <translation>%1次，笔录%2份</translation>
        </message>
        <message>
            <source>legal representative %1</source>
            <translation>法定代表人%1</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>有</translation>
        </message>
        <message>
            <source>No agreement yet.</source>
            <translation>尚无调解协议。</translation>
        </message>
        <message>
            <source>%1, version %2, finalised %3</source>
            <translation>%1，第%2版，%3定稿</translation>
        </message>
        <message>
            <source>signed %1</source>
            <translation>%1签订</translation>
        </message>
        <message>
            <source>not signed yet</source>
            <translation>尚未签订</translation>
        </message>
        <message>
            <source>not checked</source>
            <translation>未核查</translation>
        </message>
        <message>
            <source>Only for a signed written agreement.</source>
            <translation>仅适用于已签订的书面协议。</translation>
        </message>
        <message>
            <source>The window opens when the agreement is signed.</source>
            <translation>协议签订后开始计算申请期限。</translation>
        </message>
        <message>
            <source>The parties may apply together until %1</source>
            <translation>双方当事人可在%1前共同申请</translation>
        </message>
        <message>
            <source> (closed)</source>
            <translation>（已届满）</translation>
        </message>
        <message>
            <source>Registration saved.</source>
            <translation>登记已保存。</translation>
        </message>
        <message>
            <source>Booked: %1 %2–%3 in %4.</source>
            <translation>已预约：%1 %2–%3，%4。</translation>
        </message>
        <message>
            <source>Record saved.</source>
            <translation>笔录已保存。</translation>
        </message>
        <message>
            <source>Case %1 is closed: %2.</source>
            <translation>案件%1结案：%2。</translation>
        </message>
        <message>
            <source>Cancel them and close the case</source>
            <translation>取消安排并结案</translation>
        </message>
        <message>
            <source>The case was closed: %1.</source>
            <translation>案件已结案：%1。</translation>
        </message>
        <message>
            <source>The case is closed.</source>
            <translation>案件已结案。</translation>
        </message>
        <message>
            <source>%1 remaining sessions cancelled.</source>
            <translation>已取消剩余的%1次调解安排。</translation>
        </message>
        <message>
            <source>Performance of term %1 recorded.</source>
            <translation>第%1项履行情况已登记。</translation>
        </message>
        <message>
            <source>Judicial confirmation recorded.</source>
            <translation>司法确认情况已登记。</translation>
        </message>
        <message>
            <source>Follow-up visit recorded.</source>
            <translation>回访已登记。</translation>
        </message>
    </context>
    <context>
        <name>DocumentFields</name>
        <message>
            <source>document %1 of the file</source>
            <translation>卷内第 %1 份文书</translation>
        </message>
        <message>
            <source>party %1</source>
            <translation>当事人 %1</translation>
        </message>
        <message>
            <source>petitioner %1</source>
            <translation>信访人 %1</translation>
        </message>
        <message>
            <source>record entry %1</source>
            <translation>笔录第 %1 条</translation>
        </message>
        <message>
            <source>term %1</source>
            <translation>协议第 %1 项</translation>
        </message>
        <message>
            <source>decision %1</source>
            <translation>处理意见第 %1 项</translation>
        </message>
        <message>
            <source>session %1</source>
            <translation>第 %1 场调解</translation>
        </message>
        <message>
            <source>attachment %1</source>
            <translation>附件 %1</translation>
        </message>
        <message>
            <source>date of acceptance</source>
            <translation>受理日期</translation>
        </message>
        <message>
            <source>address</source>
            <translation>住址</translation>
        </message>
        <message>
            <source>legal basis</source>
            <translation>依据</translation>
        </message>
        <message>
            <source>kind of case</source>
            <translation>案件类别</translation>
        </message>
        <message>
            <source>case number</source>
            <translation>案号</translation>
        </message>
        <message>
            <source>category</source>
            <translation>问题类别</translation>
        </message>
        <message>
            <source>cause</source>
            <translation>案由</translation>
        </message>
        <message>
            <source>name of the center</source>
            <translation>中心名称</translation>
        </message>
        <message>
            <source>clerk</source>
            <translation>经办人</translation>
        </message>
        <message>
            <source>date closed</source>
            <translation>结案日期</translation>
        </message>
        <message>
            <source>mediation committee</source>
            <translation>调解委员会</translation>
        </message>
        <message>
            <source>compiled by</source>
            <translation>立卷人</translation>
        </message>
        <message>
            <source>date compiled</source>
            <translation>立卷日期</translation>
        </message>
        <message>
            <source>deadline</source>
            <translation>办结期限</translation>
        </message>
        <message>
            <source>content</source>
            <translation>内容</translation>
        </message>
        <message>
            <source>day</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>decision</source>
            <translation>处理意见</translation>
        </message>
        <message>
            <source>decisions</source>
            <translation>处理意见</translation>
        </message>
        <message>
            <source>type of dispute</source>
            <translation>纠纷类型</translation>
        </message>
        <message>
            <source>matters in dispute</source>
            <translation>争议事项</translation>
        </message>
        <message>
            <source>document number</source>
            <translation>文号</translation>
        </message>
        <message>
            <source>documents</source>
            <translation>文书</translation>
        </message>
        <message>
            <source>due date</source>
            <translation>履行期限</translation>
        </message>
        <message>
            <source>end time</source>
            <translation>结束时间</translation>
        </message>
        <message>
            <source>record entries</source>
            <translation>笔录内容</translation>
        </message>
        <message>
            <source>facts</source>
            <translation>事实</translation>
        </message>
        <message>
            <source>gender</source>
            <translation>性别</translation>
        </message>
        <message>
            <source>handler</source>
            <translation>承办人</translation>
        </message>
        <message>
            <source>handling body</source>
            <translation>办理机关</translation>
        </message>
        <message>
            <source>host</source>
            <translation>主持人</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>身份证号码</translation>
        </message>
        <message>
            <source>person visited</source>
            <translation>回访对象</translation>
        </message>
        <message>
            <source>role of the person visited</source>
            <translation>回访对象身份</translation>
        </message>
        <message>
            <source>time issued</source>
            <translation>取号时间</translation>
        </message>
        <message>
            <source>date issued</source>
            <translation>出具日期</translation>
        </message>
        <message>
            <source>kind</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>mediators</source>
            <translation>调解员</translation>
        </message>
        <message>
            <source>method</source>
            <translation>方式</translation>
        </message>
        <message>
            <source>name</source>
            <translation>姓名（名称）</translation>
        </message>
        <message>
            <source>notice period</source>
            <translation>告知期限</translation>
        </message>
        <message>
            <source>number</source>
            <translation>号码</translation>
        </message>
        <message>
            <source>issuing office</source>
            <translation>出具机关</translation>
        </message>
        <message>
            <source>organisation</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>parties</source>
            <translation>当事人</translation>
        </message>
        <message>
            <source>performance of the terms</source>
            <translation>协议履行情况</translation>
        </message>
        <message>
            <source>petitioner</source>
            <translation>信访人</translation>
        </message>
        <message>
            <source>petitioner's name</source>
            <translation>信访人姓名</translation>
        </message>
        <message>
            <source>petitioners</source>
            <translation>信访人</translation>
        </message>
        <message>
            <source>place</source>
            <translation>地点</translation>
        </message>
        <message>
            <source>time printed</source>
            <translation>打印时间</translation>
        </message>
        <message>
            <source>query code</source>
            <translation>查询码</translation>
        </message>
        <message>
            <source>reason</source>
            <translation>理由</translation>
        </message>
        <message>
            <source>time received</source>
            <translation>接收时间</translation>
        </message>
        <message>
            <source>date received</source>
            <translation>收到日期</translation>
        </message>
        <message>
            <source>recorder</source>
            <translation>记录人</translation>
        </message>
        <message>
            <source>date registered</source>
            <translation>登记日期</translation>
        </message>
        <message>
            <source>registrar</source>
            <translation>登记人</translation>
        </message>
        <message>
            <source>registration number</source>
            <translation>登记编号</translation>
        </message>
        <message>
            <source>legal representative</source>
            <translation>法定代表人</translation>
        </message>
        <message>
            <source>request</source>
            <translation>诉求</translation>
        </message>
        <message>
            <source>requests</source>
            <translation>诉求</translation>
        </message>
        <message>
            <source>responsibilities</source>
            <translation>责任认定</translation>
        </message>
        <message>
            <source>retention period</source>
            <translation>保管期限</translation>
        </message>
        <message>
            <source>review body</source>
            <translation>复查（复核）机关</translation>
        </message>
        <message>
            <source>room</source>
            <translation>调解室</translation>
        </message>
        <message>
            <source>satisfaction</source>
            <translation>满意度</translation>
        </message>
        <message>
            <source>service</source>
            <translation>业务</translation>
        </message>
        <message>
            <source>date signed</source>
            <translation>签订日期</translation>
        </message>
        <message>
            <source>source</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>speaker</source>
            <translation>发言人</translation>
        </message>
        <message>
            <source>start time</source>
            <translation>开始时间</translation>
        </message>
        <message>
            <source>time started</source>
            <translation>开始时间</translation>
        </message>
        <message>
            <source>subject</source>
            <translation>事项</translation>
        </message>
        <message>
            <source>summary</source>
            <translation>事项摘要</translation>
        </message>
        <message>
            <source>terms</source>
            <translation>协议内容</translation>
        </message>
        <message>
            <source>text</source>
            <translation>内容</translation>
        </message>
        <message>
            <source>title</source>
            <translation>标题</translation>
        </message>
        <message>
            <source>time of the visit</source>
            <translation>回访时间</translation>
        </message>
        <message>
            <source>visitor</source>
            <translation>回访人</translation>
        </message>
        <message>
            <source>people waiting ahead</source>
            <translation>前面等候人数</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1：%2</translation>
        </message>
        <message>
            <source>; </source>
            <translation>；</translation>
        </message>
    </context>
    <context>
        <name>DocumentMessages</name>
        <message>
            <source>The case file of %1 cannot be made yet; it lacks: %2</source>
            <translation>%1 的卷宗暂时无法生成，缺少：%2</translation>
        </message>
        <message>
            <source>Case %1 is not closed yet: a case file is made once it is closed.</source>
            <translation>案件 %1 尚未结案：结案后才能立卷。</translation>
        </message>
        <message>
            <source>The case file of %1 is already finalised (version %2). Make a new version, with the reason, to change it.</source>
            <translation>%1 的卷宗已定稿（第 %2 版）。如需更改，请说明原因并生成新版本。</translation>
        </message>
        <message>
            <source>The case file of %1 has not been finalised yet.</source>
            <translation>%1 的卷宗尚未定稿。</translation>
        </message>
        <message>
            <source>The stored case file of %1 (version %2) does not match its SHA-256 fingerprint: it was changed or damaged. Restore it from a backup.</source>
            <translation>%1 存档的卷宗（第 %2 版）与其 SHA-256 校验值不符：文件已被改动或损坏。请从备份中恢复。</translation>
        </message>
        <message>
            <source>Export cancelled after %1 of %2 files.</source>
            <translation>导出已取消：共 %2 个文件，已完成 %1 个。</translation>
        </message>
        <message>
            <source>This computer has no print system to send the document to. Save the document and print it on another computer, or ask for the print service (CUPS) to be installed.</source>
            <translation>本机没有可用的打印系统。请先另存文书，到其他电脑打印；或请技术人员安装打印服务（CUPS）。</translation>
        </message>
        <message>
            <source>No default printer is set up on this computer. Set one up in the system's printer settings, or save the document and print it elsewhere.</source>
            <translation>本机没有设置默认打印机。请在系统的打印机设置中添加，或先另存文书，到其他电脑打印。</translation>
        </message>
        <message>
            <source>The print service of this computer is not running. Restart the computer or ask for help; meanwhile save the document and print it elsewhere.</source>
            <translation>本机的打印服务没有运行。请重启电脑或联系技术人员；也可先另存文书，到其他电脑打印。</translation>
        </message>
        <message>
            <source>The printer refused the document. Check the printer (paper, power, connection) and print again.</source>
            <translation>打印机未能打印该文书。请检查打印机（纸张、电源、连接）后重新打印。</translation>
        </message>
    </context>
    <context>
        <name>Documents</name>
        <message>
            <source>Save document as</source>
            <translation>文书另存为</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>PDF 文件 (*.pdf)</translation>
        </message>
        <message>
            <source>Opened %1 in the PDF viewer. The file is %2</source>
            <translation>已在 PDF 阅读器中打开 %1，文件位于 %2</translation>
        </message>
        <message>
            <source>No PDF viewer could be started on this computer. The document is saved as %1 (the path is on the clipboard).</source>
            <translation>本机没有能打开 PDF 的阅读器。文件已保存为 %1（路径已复制到剪贴板）。</translation>
        </message>
        <message>
            <source>the disk is full</source>
            <translation>磁盘已满</translation>
        </message>
        <message>
            <source>there is no permission to write there</source>
            <translation>没有写入该位置的权限</translation>
        </message>
        <message>
            <source>the disk is read-only</source>
            <translation>磁盘是只读的</translation>
        </message>
        <message>
            <source>system error %1</source>
            <translation>系统错误（错误码 %1）</translation>
        </message>
        <message>
            <source>The document could not be written: %1.</source>
            <translation>文书无法保存：%1。</translation>
        </message>
        <message>
            <source>Sent %1 to the printer.</source>
            <translation>已将 %1 发送到打印机。</translation>
        </message>
        <message>
            <source>Saved as %1.</source>
            <translation>已另存为 %1。</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message>
            <source>Print</source>
            <translation>打印</translation>
        </message>
        <message>
            <source>Save as…</source>
            <translation>另存为…</translation>
        </message>
        <message>
            <source>Generate and open in the PDF viewer</source>
            <translation>生成并在 PDF 阅读器中打开</translation>
        </message>
        <message>
            <source>Generate and print on the default printer</source>
            <translation>生成并在默认打印机上打印</translation>
        </message>
        <message>
            <source>Generate and save as a PDF file</source>
            <translation>生成并另存为 PDF 文件</translation>
        </message>
    </context>
    <context>
        <name>Entities</name>
        <message>
            <source>Center</source>
            <translation>中心</translation>
        </message>
        <message>
            <source>Queue service</source>
            <translation>排队业务</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>窗口</translation>
        </message>
        <message>
            <source>Room</source>
            <translation>功能室</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>责任单位</translation>
        </message>
        <message>
            <source>Petition category</source>
            <translation>信访分类</translation>
        </message>
        <message>
            <source>Dispute type</source>
            <translation>纠纷类型</translation>
        </message>
        <message>
            <source>Calendar day</source>
            <translation>工作日历</translation>
        </message>
        <message>
            <source>Setting</source>
            <translation>参数</translation>
        </message>
        <message>
            <source>User account</source>
            <translation>用户账号</translation>
        </message>
        <message>
            <source>Calendar year</source>
            <translation>日历年度</translation>
        </message>
        <message>
            <source>Person</source>
            <translation>人员</translation>
        </message>
        <message>
            <source>Petition</source>
            <translation>信访事项</translation>
        </message>
        <message>
            <source>Petitioner</source>
            <translation>信访人</translation>
        </message>
        <message>
            <source>Petition reply</source>
            <translation>信访答复</translation>
        </message>
        <message>
            <source>Petition supervision</source>
            <translation>信访督办</translation>
        </message>
        <message>
            <source>Petition extension</source>
            <translation>信访延期</translation>
        </message>
        <message>
            <source>Petition attachment</source>
            <translation>信访附件</translation>
        </message>
        <message>
            <source>Dispute</source>
            <translation>纠纷</translation>
        </message>
        <message>
            <source>Dispute party</source>
            <translation>纠纷当事人</translation>
        </message>
        <message>
            <source>Mediator of a dispute</source>
            <translation>纠纷调解员</translation>
        </message>
        <message>
            <source>Mediator</source>
            <translation>调解员</translation>
        </message>
        <message>
            <source>Mediation session</source>
            <translation>调解过程记录</translation>
        </message>
        <message>
            <source>Mediation follow-up visit</source>
            <translation>调解回访</translation>
        </message>
        <message>
            <source>Mediation agreement</source>
            <translation>调解协议</translation>
        </message>
        <message>
            <source>Agreement term</source>
            <translation>协议条款</translation>
        </message>
        <message>
            <source>Performance of a term</source>
            <translation>条款履行</translation>
        </message>
        <message>
            <source>Judicial confirmation</source>
            <translation>司法确认</translation>
        </message>
        <message>
            <source>Room booking</source>
            <translation>调解室预约</translation>
        </message>
        <message>
            <source>Party of a booking</source>
            <translation>预约当事人</translation>
        </message>
        <message>
            <source>Mediator of a booking</source>
            <translation>预约调解员</translation>
        </message>
        <message>
            <source>Queue appointment</source>
            <translation>排队预约</translation>
        </message>
        <message>
            <source>Bad-rating follow-up</source>
            <translation>差评回访</translation>
        </message>
        <message>
            <source>Matter</source>
            <translation>事项</translation>
        </message>
        <message>
            <source>Matter handover</source>
            <translation>事项转交</translation>
        </message>
        <message>
            <source>Case file version</source>
            <translation>卷宗版本</translation>
        </message>
        <message>
            <source>Work order import</source>
            <translation>工单导入</translation>
        </message>
        <message>
            <source>Imported work order</source>
            <translation>导入的工单</translation>
        </message>
        <message>
            <source>Category synonym</source>
            <translation>分类同义词</translation>
        </message>
        <message>
            <source>Export layout</source>
            <translation>导出格式</translation>
        </message>
        <message>
            <source>Voice clip</source>
            <translation>语音片段</translation>
        </message>
        <message>
            <source>Personal data key</source>
            <translation>个人信息加密密钥</translation>
        </message>
        <message>
            <source>Database</source>
            <translation>数据库</translation>
        </message>
    </context>
    <context>
        <name>ExportDialog</name>
        <message>
            <source>Export handling results</source>
            <translation>导出办理结果</translation>
        </message>
        <message>
            <source>Our field</source>
            <translation>本系统字段</translation>
        </message>
        <message>
            <source>Header in the file</source>
            <translation>文件中的列名</translation>
        </message>
        <message>
            <source>&amp;Add column</source>
            <translation>添加列(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Remove column</source>
            <translation>删除列(&amp;R)</translation>
        </message>
        <message>
            <source>Move &amp;up</source>
            <translation>上移(&amp;U)</translation>
        </message>
        <message>
            <source>Move &amp;down</source>
            <translation>下移(&amp;D)</translation>
        </message>
        <message>
            <source>Move the column left in the file</source>
            <translation>在文件中向左移动该列</translation>
        </message>
        <message>
            <source>&amp;Save layout</source>
            <translation>保存格式(&amp;S)</translation>
        </message>
        <message>
            <source>Keep these columns for the next export of this source</source>
            <translation>该来源下次导出时沿用这些列</translation>
        </message>
        <message>
            <source>C&amp;hoose…</source>
            <translation>选择(&amp;H)…</translation>
        </message>
        <message>
            <source>Source:</source>
            <translation>来源：</translation>
        </message>
        <message>
            <source>Concluded between:</source>
            <translation>办结日期：</translation>
        </message>
        <message>
            <source>Columns:</source>
            <translation>列：</translation>
        </message>
        <message>
            <source>Time format:</source>
            <translation>时间格式：</translation>
        </message>
        <message>
            <source>File:</source>
            <translation>文件：</translation>
        </message>
        <message>
            <source>&amp;Export</source>
            <translation>导出(&amp;E)</translation>
        </message>
        <message>
            <source>Write the file</source>
            <translation>写出文件</translation>
        </message>
        <message>
            <source>Export case files</source>
            <translation>导出卷宗</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>Closed from:</source>
            <translation>结案日期自：</translation>
        </message>
        <message>
            <source>Closed to:</source>
            <translation>结案日期至：</translation>
        </message>
        <message>
            <source>Folder:</source>
            <translation>导出到文件夹：</translation>
        </message>
        <message>
            <source>One PDF per closed petition or dispute (the stored version; cases not yet finalised are finalised now), and manifest.csv with each file's SHA-256.</source>
            <translation>每件已结信访事项或纠纷导出一个 PDF（导出存档版本；尚未定稿的案件现在定稿），另附 manifest.csv 清单，列出每个文件的 SHA-256。</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Export to folder</source>
            <translation>选择导出文件夹</translation>
        </message>
        <message>
            <source>Choose a folder.</source>
            <translation>请选择文件夹。</translation>
        </message>
        <message>
            <source>Looking for closed cases…</source>
            <translation>正在查找已结案件…</translation>
        </message>
        <message>
            <source>%1 of %2 case files written%3</source>
            <translation>已写入 %1 / %2 份卷宗%3</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>%1 case files exported to %2 (%3 finalised now); manifest.csv lists them.</source>
            <translation>已导出 %1 份卷宗到 %2（其中 %3 份本次定稿）；清单见 manifest.csv。</translation>
        </message>
        <message>
            <source>Export cancelled. The files already written are complete; no manifest was written.</source>
            <translation>导出已取消。已写出的文件都是完整的；未生成清单。</translation>
        </message>
        <message>
            <source>Stopping after the current file…</source>
            <translation>当前文件完成后停止…</translation>
        </message>
        <message>
            <source>Layout saved.</source>
            <translation>格式已保存。</translation>
        </message>
        <message>
            <source>Export to</source>
            <translation>导出到</translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
            <translation>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</translation>
        </message>
        <message>
            <source>Choose the file to write.</source>
            <translation>请选择要写出的文件。</translation>
        </message>
        <message>
            <source>Exporting…</source>
            <translation>正在导出…</translation>
        </message>
        <message>
            <source>%1 work orders written to %2.</source>
            <translation>已将 %1 件工单写入 %2。</translation>
        </message>
    </context>
    <context>
        <name>Fields</name>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>角色</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Window number</source>
            <translation>窗口号</translation>
        </message>
        <message>
            <source>Ticket letter</source>
            <translation>取号字母</translation>
        </message>
        <message>
            <source>Case number abbreviation</source>
            <translation>案件编号简称</translation>
        </message>
        <message>
            <source>Capacity</source>
            <translation>座位数</translation>
        </message>
        <message>
            <source>Closing time</source>
            <translation>下班时间</translation>
        </message>
        <message>
            <source>Parent category</source>
            <translation>上级分类</translation>
        </message>
        <message>
            <source>Description</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>住址</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Contact person</source>
            <translation>联系人</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>Order</source>
            <translation>排序</translation>
        </message>
        <message>
            <source>Opening time</source>
            <translation>上班时间</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>窗口</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>责任单位</translation>
        </message>
        <message>
            <source>Record ID</source>
            <translation>记录编号</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>启用</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Working day</source>
            <translation>工作日</translation>
        </message>
        <message>
            <source>Setting</source>
            <translation>参数</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>值</translation>
        </message>
        <message>
            <source>Window (record ID)</source>
            <translation>窗口（记录编号）</translation>
        </message>
        <message>
            <source>Password (hidden)</source>
            <translation>密码（不显示）</translation>
        </message>
        <message>
            <source>Failed sign-ins</source>
            <translation>连续登录失败次数</translation>
        </message>
        <message>
            <source>Locked until</source>
            <translation>锁定至</translation>
        </message>
        <message>
            <source>Last sign-in</source>
            <translation>最近登录</translation>
        </message>
        <message>
            <source>Created at</source>
            <translation>创建时间</translation>
        </message>
        <message>
            <source>Minimum password length (characters)</source>
            <translation>密码最短长度（位）</translation>
        </message>
        <message>
            <source>Wrong passwords before an account locks</source>
            <translation>密码连续输错锁定次数</translation>
        </message>
        <message>
            <source>Account lockout (minutes)</source>
            <translation>账号锁定时长（分钟）</translation>
        </message>
        <message>
            <source>Lock the screen after inactivity (minutes, 0 = never)</source>
            <translation>无操作自动锁屏（分钟，0 表示不锁屏）</translation>
        </message>
        <message>
            <source>Matter code prefix (e.g. HS)</source>
            <translation>事项编码前缀（如 HS）</translation>
        </message>
        <message>
            <source>Handover not acknowledged: flag after (hours)</source>
            <translation>转交未签收：超过（小时）即提示</translation>
        </message>
        <message>
            <source>Kiosk progress lookup: wrong tries before locking</source>
            <translation>自助查询进度：错误次数上限</translation>
        </message>
        <message>
            <source>Kiosk progress lookup: lock for (minutes)</source>
            <translation>自助查询进度：超限后锁定（分钟）</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>纠纷简要（案由）</translation>
        </message>
        <message>
            <source>Facts</source>
            <translation>纠纷事实</translation>
        </message>
        <message>
            <source>Disputed matters</source>
            <translation>争议事项</translation>
        </message>
        <message>
            <source>Parties</source>
            <translation>当事人</translation>
        </message>
        <message>
            <source>Mediators</source>
            <translation>调解员</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>Referred by</source>
            <translation>移送单位</translation>
        </message>
        <message>
            <source>Dispute type</source>
            <translation>纠纷类型</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>开始时间</translation>
        </message>
        <message>
            <source>End</source>
            <translation>结束时间</translation>
        </message>
        <message>
            <source>Room</source>
            <translation>调解室</translation>
        </message>
        <message>
            <source>Reason for cancelling</source>
            <translation>取消原因</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>结案方式</translation>
        </message>
        <message>
            <source>Explanation</source>
            <translation>情况说明</translation>
        </message>
        <message>
            <source>Referred to</source>
            <translation>移交去向</translation>
        </message>
        <message>
            <source>Receiving body</source>
            <translation>接收单位</translation>
        </message>
        <message>
            <source>Place</source>
            <translation>地点</translation>
        </message>
        <message>
            <source>Attendees</source>
            <translation>参加人</translation>
        </message>
        <message>
            <source>Recorder</source>
            <translation>记录人</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>笔录内容</translation>
        </message>
        <message>
            <source>Reason for the correction</source>
            <translation>更正原因</translation>
        </message>
        <message>
            <source>Signing date</source>
            <translation>签订日期</translation>
        </message>
        <message>
            <source>Application date</source>
            <translation>申请日期</translation>
        </message>
        <message>
            <source>Court</source>
            <translation>人民法院</translation>
        </message>
        <message>
            <source>Visited by</source>
            <translation>回访人</translation>
        </message>
        <message>
            <source>Visit date</source>
            <translation>回访日期</translation>
        </message>
        <message>
            <source>Performance</source>
            <translation>履行情况</translation>
        </message>
        <message>
            <source>Satisfaction</source>
            <translation>满意度</translation>
        </message>
        <message>
            <source>Duration (minutes)</source>
            <translation>时长（分钟）</translation>
        </message>
        <message>
            <source>Working days</source>
            <translation>工作日数</translation>
        </message>
        <message>
            <source>Staff account</source>
            <translation>工作人员账号</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>身份证号</translation>
        </message>
        <message>
            <source>Representative</source>
            <translation>代理人</translation>
        </message>
        <message>
            <source>Representative's phone</source>
            <translation>代理人电话</translation>
        </message>
        <message>
            <source>Unified social credit code</source>
            <translation>统一社会信用代码</translation>
        </message>
        <message>
            <source>Period</source>
            <translation>统计期间</translation>
        </message>
        <message>
            <source>File format</source>
            <translation>文件格式</translation>
        </message>
        <message>
            <source>Report</source>
            <translation>报表</translation>
        </message>
        <message>
            <source>Figure</source>
            <translation>指标</translation>
        </message>
        <message>
            <source>Content of the petition</source>
            <translation>信访内容</translation>
        </message>
        <message>
            <source>Requests</source>
            <translation>诉求</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Petitioners</source>
            <translation>信访人</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>理由</translation>
        </message>
        <message>
            <source>Folder</source>
            <translation>文件夹</translation>
        </message>
        <message>
            <source>Case kind</source>
            <translation>案件类别</translation>
        </message>
        <message>
            <source>Reason for a new case</source>
            <translation>另立新案理由</translation>
        </message>
        <message>
            <source>Facts found</source>
            <translation>查明事实</translation>
        </message>
        <message>
            <source>Basis</source>
            <translation>依据</translation>
        </message>
        <message>
            <source>Where to turn instead</source>
            <translation>建议反映途径</translation>
        </message>
        <message>
            <source>Decision on each request</source>
            <translation>对每项诉求的处理意见</translation>
        </message>
        <message>
            <source>Issuing body</source>
            <translation>答复机关</translation>
        </message>
        <message>
            <source>Extension (days)</source>
            <translation>延期天数</translation>
        </message>
        <message>
            <source>Due date</source>
            <translation>期限</translation>
        </message>
        <message>
            <source>Meeting date</source>
            <translation>见面日期</translation>
        </message>
        <message>
            <source>End of the hearing</source>
            <translation>听证结束日期</translation>
        </message>
        <message>
            <source>Follow-up method</source>
            <translation>回访方式</translation>
        </message>
        <message>
            <source>Attachment</source>
            <translation>附件</translation>
        </message>
        <message>
            <source>Handler</source>
            <translation>经办人</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>回访答复</translation>
        </message>
        <message>
            <source>Review case</source>
            <translation>复查（复核）案件</translation>
        </message>
        <message>
            <source>Petitions: days to tell whether accepted</source>
            <translation>信访：告知是否受理期限（天）</translation>
        </message>
        <message>
            <source>Petitions: acceptance notice counts working days</source>
            <translation>信访：告知期限按工作日计算</translation>
        </message>
        <message>
            <source>Petitions: days to object to an assignment</source>
            <translation>信访：对交办提出异议期限（天）</translation>
        </message>
        <message>
            <source>Petitions: objection period counts working days</source>
            <translation>信访：异议期限按工作日计算</translation>
        </message>
        <message>
            <source>Petitions: days to conclude after acceptance</source>
            <translation>信访：受理后办结期限（天）</translation>
        </message>
        <message>
            <source>Petitions: conclusion period counts working days</source>
            <translation>信访：办结期限按工作日计算</translation>
        </message>
        <message>
            <source>Petitions: days to request a review (复查)</source>
            <translation>信访：请求复查期限（天）</translation>
        </message>
        <message>
            <source>Petitions: review request period counts working days</source>
            <translation>信访：请求复查期限按工作日计算</translation>
        </message>
        <message>
            <source>Petitions: days for the review opinion</source>
            <translation>信访：复查意见期限（天）</translation>
        </message>
        <message>
            <source>Petitions: review opinion period counts working days</source>
            <translation>信访：复查意见期限按工作日计算</translation>
        </message>
        <message>
            <source>Petitions: days to request a re-examination (复核)</source>
            <translation>信访：请求复核期限（天）</translation>
        </message>
        <message>
            <source>Petitions: re-examination request period counts working days</source>
            <translation>信访：请求复核期限按工作日计算</translation>
        </message>
        <message>
            <source>Petitions: days for the re-examination opinion</source>
            <translation>信访：复核意见期限（天）</translation>
        </message>
        <message>
            <source>Petitions: re-examination opinion period counts working days</source>
            <translation>信访：复核意见期限按工作日计算</translation>
        </message>
        <message>
            <source>Petitions: days to follow up after the reply</source>
            <translation>信访：答复后回访期限（天）</translation>
        </message>
        <message>
            <source>Petitions: follow-up period counts working days</source>
            <translation>信访：回访期限按工作日计算</translation>
        </message>
        <message>
            <source>Petitions: longest extension (days, at most 30)</source>
            <translation>信访：最长延期（天，不超过30）</translation>
        </message>
        <message>
            <source>Petitions: “due soon” within (days)</source>
            <translation>信访：“即将到期”提前天数</translation>
        </message>
        <message>
            <source>Petitions: a period ending on a day off ends on the next working day</source>
            <translation>信访：期限末日为节假日的顺延至下一工作日</translation>
        </message>
        <message>
            <source>Petitions: largest attachment (MB)</source>
            <translation>信访：附件大小上限（MB）</translation>
        </message>
        <message>
            <source>Petitions: look for similar cases of the last (days)</source>
            <translation>信访：相似案件查找范围（天）</translation>
        </message>
        <message>
            <source>Petitions: content counts as similar from (%)</source>
            <translation>信访：内容相似度阈值（%）</translation>
        </message>
        <message>
            <source>Petitions: body that handles 复查 requests</source>
            <translation>信访：复查机关</translation>
        </message>
        <message>
            <source>Petitions: body that handles 复核 requests</source>
            <translation>信访：复核机关</translation>
        </message>
        <message>
            <source>Category name on the platform</source>
            <translation>平台上的类别名称</translation>
        </message>
        <message>
            <source>Columns</source>
            <translation>列</translation>
        </message>
        <message>
            <source>Time format</source>
            <translation>时间格式</translation>
        </message>
        <message>
            <source>Column mapping</source>
            <translation>列对应</translation>
        </message>
        <message>
            <source>Work-order import: most rows in one file</source>
            <translation>工单导入：单个文件最多行数</translation>
        </message>
        <message>
            <source>Summary of the matter</source>
            <translation>事项摘要</translation>
        </message>
        <message>
            <source>Service</source>
            <translation>办理事项</translation>
        </message>
        <message>
            <source>Visitor's name</source>
            <translation>来访人姓名</translation>
        </message>
        <message>
            <source>Appointment day</source>
            <translation>预约日期</translation>
        </message>
        <message>
            <source>Appointment time</source>
            <translation>预约时间</translation>
        </message>
        <message>
            <source>Appointment</source>
            <translation>预约</translation>
        </message>
        <message>
            <source>Transfer target</source>
            <translation>转移去向</translation>
        </message>
        <message>
            <source>Place in the line</source>
            <translation>排队位置</translation>
        </message>
        <message>
            <source>Service record</source>
            <translation>办理记录</translation>
        </message>
        <message>
            <source>Kind of case</source>
            <translation>案件类别</translation>
        </message>
        <message>
            <source>Rating</source>
            <translation>评价</translation>
        </message>
        <message>
            <source>Calls of one ticket at most</source>
            <translation>每个号最多呼叫次数</translation>
        </message>
        <message>
            <source>Seconds between two calls of a ticket</source>
            <translation>重呼最短间隔（秒）</translation>
        </message>
        <message>
            <source>Issue tickets outside opening hours</source>
            <translation>非办公时间允许取号</translation>
        </message>
        <message>
            <source>Live queue: highlight waits longer than (minutes)</source>
            <translation>实时队列：等候超过（分钟）时突出显示</translation>
        </message>
        <message>
            <source>Hall display: recent calls shown</source>
            <translation>叫号屏：显示最近呼叫条数</translation>
        </message>
        <message>
            <source>Bad-rating follow-up deadline (working days)</source>
            <translation>差评回访期限（工作日）</translation>
        </message>
        <message>
            <source>Rating step: closes itself after (seconds)</source>
            <translation>评价界面自动关闭时间（秒）</translation>
        </message>
        <message>
            <source>Daily backups kept (days)</source>
            <translation>每日备份保留天数</translation>
        </message>
        <message>
            <source>Monthly backups kept (months)</source>
            <translation>每月备份保留月数</translation>
        </message>
        <message>
            <source>Calendar: warn about next year's holidays from (month)</source>
            <translation>日历：提醒录入下一年节假日的起始月份</translation>
        </message>
        <message>
            <source>Calendar: warn about next year's holidays from (day)</source>
            <translation>日历：提醒录入下一年节假日的起始日</translation>
        </message>
        <message>
            <source>Kiosk: issue ordinary tickets on days off (staffed holiday)</source>
            <translation>取号机：放假日照常取号（节假日值班）</translation>
        </message>
        <message>
            <source>Last day</source>
            <translation>结束日期</translation>
        </message>
        <message>
            <source>Voice</source>
            <translation>叫号语音</translation>
        </message>
        <message>
            <source>Say each call</source>
            <translation>每次叫号播报遍数</translation>
        </message>
        <message>
            <source>Speed</source>
            <translation>语速</translation>
        </message>
        <message>
            <source>Volume</source>
            <translation>音量</translation>
        </message>
        <message>
            <source>Engine voice</source>
            <translation>语音引擎的声音</translation>
        </message>
        <message>
            <source>Phrase</source>
            <translation>词语</translation>
        </message>
        <message>
            <source>Voice pack file</source>
            <translation>语音包文件</translation>
        </message>
        <message>
            <source>Printer</source>
            <translation>打印机</translation>
        </message>
        <message>
            <source>USB printer ID (vendor:product, e.g. 0416:5011)</source>
            <translation>USB 打印机编号（厂商:产品，如 0416:5011）</translation>
        </message>
        <message>
            <source>Serial port</source>
            <translation>串口</translation>
        </message>
        <message>
            <source>Baud rate</source>
            <translation>波特率</translation>
        </message>
        <message>
            <source>Printer address</source>
            <translation>打印机地址</translation>
        </message>
        <message>
            <source>Port</source>
            <translation>端口</translation>
        </message>
    </context>
    <context>
        <name>FindSlotDialog</name>
        <message>
            <source>Find a slot</source>
            <translation>查找空档</translation>
        </message>
        <message>
            <source> min</source>
            <translation> 分钟</translation>
        </message>
        <message>
            <source>Any room</source>
            <translation>任意调解室</translation>
        </message>
        <message>
            <source> working days</source>
            <translation> 个工作日</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Free rooms</source>
            <translation>空闲的调解室</translation>
        </message>
        <message>
            <source>Duration:</source>
            <translation>时长：</translation>
        </message>
        <message>
            <source>Room:</source>
            <translation>调解室：</translation>
        </message>
        <message>
            <source>Within:</source>
            <translation>范围：</translation>
        </message>
        <message>
            <source>&amp;Search</source>
            <translation>查找(&amp;S)</translation>
        </message>
        <message>
            <source>Take this time</source>
            <translation>选用此时间</translation>
        </message>
        <message>
            <source>No free time in these working days. Try more days or another room.</source>
            <translation>这些工作日内没有空档，请扩大范围或换一个调解室。</translation>
        </message>
    </context>
    <context>
        <name>FollowUpDialog</name>
        <message>
            <source>Follow-up visit</source>
            <translation>回访</translation>
        </message>
        <message>
            <source>Visited on:</source>
            <translation>回访日期：</translation>
        </message>
        <message>
            <source>How:</source>
            <translation>回访方式：</translation>
        </message>
        <message>
            <source>Visited by:</source>
            <translation>回访人：</translation>
        </message>
        <message>
            <source>Visited party:</source>
            <translation>回访对象：</translation>
        </message>
        <message>
            <source>Performance of the agreement:</source>
            <translation>协议履行情况：</translation>
        </message>
        <message>
            <source>Satisfaction:</source>
            <translation>满意度：</translation>
        </message>
        <message>
            <source>Opinions and notes:</source>
            <translation>当事人意见及备注：</translation>
        </message>
    </context>
    <context>
        <name>FollowUpsPage</name>
        <message>
            <source>Ticket</source>
            <translation>号码</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Service</source>
            <translation>事项</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>窗口</translation>
        </message>
        <message>
            <source>Staff</source>
            <translation>工作人员</translation>
        </message>
        <message>
            <source>Rating</source>
            <translation>评价</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>回访期限</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>已逾期</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>答复</translation>
        </message>
        <message>
            <source>Answer…</source>
            <translation>答复…</translation>
        </message>
        <message>
            <source>Answer… (Ctrl+Enter)</source>
            <translation>答复…（Ctrl+Enter）</translation>
        </message>
        <message>
            <source>Record the answer to the selected follow-up (Ctrl+Enter)</source>
            <translation>为所选回访登记答复（Ctrl+Enter）</translation>
        </message>
        <message>
            <source>Open follow-ups: %1</source>
            <translation>待回访：%1</translation>
        </message>
    </context>
    <context>
        <name>FormDialog</name>
        <message>
            <source>Save (Ctrl+Enter)</source>
            <translation>保存（Ctrl+Enter）</translation>
        </message>
    </context>
    <context>
        <name>GenerateDialog</name>
        <message>
            <source>OneStop reports</source>
            <translation>OneStop报表</translation>
        </message>
        <message>
            <source>Generate report</source>
            <translation>生成报表</translation>
        </message>
        <message>
            <source>Daily brief (一日一快报)</source>
            <translation>一日一快报</translation>
        </message>
        <message>
            <source>Weekly bulletin (一周一通报)</source>
            <translation>一周一通报</translation>
        </message>
        <message>
            <source>Monthly report</source>
            <translation>月度工作报告</translation>
        </message>
        <message>
            <source>Yearly report</source>
            <translation>年度工作报告</translation>
        </message>
        <message>
            <source>&amp;PDF (to print)</source>
            <translation>&amp;PDF（用于打印）</translation>
        </message>
        <message>
            <source>E&amp;xcel workbook</source>
            <translation>E&amp;xcel 工作簿</translation>
        </message>
        <message>
            <source>&amp;Browse…</source>
            <translation>浏览(&amp;B)…</translation>
        </message>
        <message>
            <source>&amp;Open the report when it is ready</source>
            <translation>生成后打开报表(&amp;O)</translation>
        </message>
        <message>
            <source>&amp;Open the report</source>
            <translation>打开报表(&amp;O)</translation>
        </message>
        <message>
            <source>Open the &amp;folder</source>
            <translation>打开所在文件夹(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Copy the path</source>
            <translation>复制路径(&amp;C)</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>&amp;Generate</source>
            <translation>生成(&amp;G)</translation>
        </message>
        <message>
            <source>Report:</source>
            <translation>报表：</translation>
        </message>
        <message>
            <source>The report is ready: %1</source>
            <translation>报表已生成：%1</translation>
        </message>
        <message>
            <source>The period had no business at all; the report says so.</source>
            <translation>该期间没有任何业务，报表中已注明。</translation>
        </message>
        <message>
            <source>It has been opened.</source>
            <translation>已打开。</translation>
        </message>
        <message>
            <source>No program on this computer could open it: use the file from its folder or copy it to another computer.</source>
            <translation>本机没有能打开该文件的程序：请到所在文件夹取用，或复制到其他电脑上打开。</translation>
        </message>
        <message>
            <source>&amp;Open the workbook</source>
            <translation>打开工作簿(&amp;O)</translation>
        </message>
        <message>
            <source>No program on this computer could open %1.</source>
            <translation>本机没有能打开 %1 的程序。</translation>
        </message>
        <message>
            <source>No file manager could be started. The folder is %1 (the path is on the clipboard).</source>
            <translation>无法打开文件管理器。文件夹位于 %1（路径已复制到剪贴板）。</translation>
        </message>
        <message>
            <source>Format:</source>
            <translation>格式：</translation>
        </message>
        <message>
            <source>Save as:</source>
            <translation>保存为：</translation>
        </message>
        <message>
            <source>Day:</source>
            <translation>日期：</translation>
        </message>
        <message>
            <source>Week:</source>
            <translation>周：</translation>
        </message>
        <message>
            <source>Month:</source>
            <translation>月份：</translation>
        </message>
        <message>
            <source>Year:</source>
            <translation>年度：</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>PDF 文件 (*.pdf)</translation>
        </message>
        <message>
            <source>Excel workbooks (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <source>Save the report as</source>
            <translation>报表另存为</translation>
        </message>
        <message>
            <source>Preparing the report…</source>
            <translation>正在准备报表…</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Generating report</source>
            <translation>正在生成报表</translation>
        </message>
        <message>
            <source>Stopping…</source>
            <translation>正在停止…</translation>
        </message>
        <message>
            <source>Preparing: %1</source>
            <translation>正在统计：%1</translation>
        </message>
        <message>
            <source>Saving the file…</source>
            <translation>正在保存文件…</translation>
        </message>
        <message>
            <source>The report was cancelled; no file was written.</source>
            <translation>已取消生成报表，未写入任何文件。</translation>
        </message>
    </context>
    <context>
        <name>HallDevicesScreen</name>
        <message>
            <source>Call &amp;voice</source>
            <translation>叫号语音(&amp;V)</translation>
        </message>
        <message>
            <source>Voice &amp;pack</source>
            <translation>语音包(&amp;P)</translation>
        </message>
        <message>
            <source>Ticket &amp;printer</source>
            <translation>取号打印机(&amp;R)</translation>
        </message>
    </context>
    <context>
        <name>HallDisplay</name>
        <message>
            <source>Ticket %1, please go to window %2</source>
            <translation>请 %1 号到 %2 号窗口办理</translation>
        </message>
        <message>
            <source>Window %1</source>
            <translation>%1号窗口</translation>
        </message>
        <message>
            <source>Paused</source>
            <translation>暂停服务</translation>
        </message>
        <message>
            <source>OneStop hall display</source>
            <translation>OneStop 叫号屏</translation>
        </message>
        <message>
            <source>Now calling</source>
            <translation>正在呼叫</translation>
        </message>
        <message>
            <source>Recent calls</source>
            <translation>最近呼叫</translation>
        </message>
        <message>
            <source>Waiting</source>
            <translation>等候人数</translation>
        </message>
        <message>
            <source>Voice: the recorded voice pack</source>
            <translation>叫号语音：录制的语音包</translation>
        </message>
        <message>
            <source>Voice: %1</source>
            <translation>叫号语音：%1</translation>
        </message>
        <message>
            <source>Voice: chime only (no Chinese voice found)</source>
            <translation>叫号语音：仅提示音（未找到中文语音）</translation>
        </message>
        <message>
            <source>%1  %2 waiting</source>
            <translation>%1  %2 人</translation>
        </message>
        <message>
            <source>Connection to the database lost — reconnecting…</source>
            <translation>与数据库的连接中断，正在重新连接…</translation>
        </message>
        <message>
            <source>This database belongs to a newer OneStop.</source>
            <translation>该数据库属于更新版本的 OneStop。</translation>
        </message>
        <message>
            <source>Please wait for your number to be called</source>
            <translation>请留意叫号，耐心等候</translation>
        </message>
    </context>
    <context>
        <name>HallVoiceMessages</name>
        <message>
            <source>Nothing was heard: check the microphone and speak closer to it.</source>
            <translation>没有录到声音：请检查麦克风，靠近一些再说。</translation>
        </message>
        <message>
            <source>The clip is too long (at most %1 seconds): say only the phrase.</source>
            <translation>录音太长（最长 %1 秒）：只说这个词语即可。</translation>
        </message>
        <message>
            <source>Not a WAV file OneStop can read (PCM WAV, 8 to 32 bits, any rate).</source>
            <translation>不是可读取的 WAV 文件（须为 8 至 32 位 PCM WAV，采样率不限）。</translation>
        </message>
        <message>
            <source>the recorded voice pack</source>
            <translation>录制的语音包</translation>
        </message>
        <message>
            <source>the speech engine's voice %1</source>
            <translation>语音引擎的声音：%1</translation>
        </message>
        <message>
            <source>the chime only (no Chinese voice)</source>
            <translation>仅提示音（没有中文语音）</translation>
        </message>
        <message>
            <source>Automatic: the recorded pack when complete, else the speech engine</source>
            <translation>自动：语音包录齐时用语音包，否则用语音引擎</translation>
        </message>
        <message>
            <source>The speech engine's Mandarin voice</source>
            <translation>语音引擎的普通话语音</translation>
        </message>
        <message>
            <source>The recorded voice pack</source>
            <translation>录制的语音包</translation>
        </message>
        <message>
            <source>The chime only (no voice)</source>
            <translation>仅提示音（不播报）</translation>
        </message>
    </context>
    <context>
        <name>HandoverBox</name>
        <message>
            <source>Direction</source>
            <translation>方向</translation>
        </message>
        <message>
            <source>Matter</source>
            <translation>事项编号</translation>
        </message>
        <message>
            <source>Summary</source>
            <translation>事项摘要</translation>
        </message>
        <message>
            <source>From / to</source>
            <translation>来自／转至</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>转交原因</translation>
        </message>
        <message>
            <source>Sent</source>
            <translation>转交时间</translation>
        </message>
        <message>
            <source>&amp;Receive</source>
            <translation>接收(&amp;R)</translation>
        </message>
        <message>
            <source>Receive the selected matter: you answer for it from now</source>
            <translation>接收选中的事项：从现在起由您负责</translation>
        </message>
        <message>
            <source>Matters to receive (%1)</source>
            <translation>待接收事项（%1）</translation>
        </message>
        <message>
            <source>To receive</source>
            <translation>待我接收</translation>
        </message>
        <message>
            <source>Sent, not yet received</source>
            <translation>我已转出，对方未接收</translation>
        </message>
        <message>
            <source>late</source>
            <translation>已超时</translation>
        </message>
        <message>
            <source>Nothing is waiting to be received.</source>
            <translation>没有待接收的事项。</translation>
        </message>
        <message>
            <source>%1 matters wait for you to receive them (Ctrl+J).</source>
            <translation>有 %1 件事项等待您接收（Ctrl+J）。</translation>
        </message>
        <message>
            <source>%1 of them are late.</source>
            <translation>其中 %1 件已超时。</translation>
        </message>
        <message>
            <source>Matter %1 received: you answer for it now.</source>
            <translation>已接收事项 %1：现由您负责。</translation>
        </message>
    </context>
    <context>
        <name>HandoverDialog</name>
        <message>
            <source>Hand over matter %1</source>
            <translation>转交事项 %1</translation>
        </message>
        <message>
            <source>Why it goes there, what is still to be done</source>
            <translation>为什么转交、还需办理什么</translation>
        </message>
        <message>
            <source>Hand over &amp;to:</source>
            <translation>转交给(&amp;T)：</translation>
        </message>
        <message>
            <source>&amp;Receiver:</source>
            <translation>接收方(&amp;R)：</translation>
        </message>
        <message>
            <source>R&amp;eason:</source>
            <translation>转交原因(&amp;E)：</translation>
        </message>
        <message>
            <source>Hand over (Ctrl+Enter)</source>
            <translation>转交（Ctrl+Enter）</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Until the receiver receives it, you stay responsible for the matter.</source>
            <translation>对方接收之前，此事项仍由您负责（首问负责）。</translation>
        </message>
        <message>
            <source>Choose where the matter goes.</source>
            <translation>请选择转交给谁。</translation>
        </message>
    </context>
    <context>
        <name>ImportWizard</name>
        <message>
            <source>Import work orders</source>
            <translation>导入工单</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Stop; nothing is imported</source>
            <translation>停止，不导入任何数据</translation>
        </message>
        <message>
            <source>&lt; &amp;Back</source>
            <translation>&lt; 上一步(&amp;B)</translation>
        </message>
        <message>
            <source>&amp;Next &gt;</source>
            <translation>下一步(&amp;N) &gt;</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>An .xlsx, .xls or .csv file exported from the platform</source>
            <translation>从平台导出的 .xlsx、.xls 或 .csv 文件</translation>
        </message>
        <message>
            <source>&amp;Choose…</source>
            <translation>选择(&amp;C)…</translation>
        </message>
        <message>
            <source>Choose the file</source>
            <translation>选择文件</translation>
        </message>
        <message>
            <source>The first sheet with data</source>
            <translation>第一个有数据的工作表</translation>
        </message>
        <message>
            <source>Find the header row by its names</source>
            <translation>按列名自动识别表头</translation>
        </message>
        <message>
            <source>Row </source>
            <translation>第 </translation>
        </message>
        <message>
            <source> </source>
            <comment>after the number of the header row</comment>
            <translation> 行</translation>
        </message>
        <message>
            <source>Source:</source>
            <translation>来源：</translation>
        </message>
        <message>
            <source>File:</source>
            <translation>文件：</translation>
        </message>
        <message>
            <source>Sheet:</source>
            <translation>工作表：</translation>
        </message>
        <message>
            <source>Header:</source>
            <translation>表头：</translation>
        </message>
        <message>
            <source>Excel workbooks (.xlsx, .xls) and CSV files (UTF-8 or GBK) are read. Work orders imported before are recognised by their number and are not created twice.</source>
            <translation>可读取 Excel 工作簿（.xlsx、.xls）和 CSV 文件（UTF-8 或 GBK 编码）。已导入过的工单按工单编号识别，不会重复建案。</translation>
        </message>
        <message>
            <source>Imported</source>
            <translation>导入时间</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Created</source>
            <translation>新建</translation>
        </message>
        <message>
            <source>Repeats</source>
            <translation>重复</translation>
        </message>
        <message>
            <source>Rejected</source>
            <translation>拒收</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Recent imports</source>
            <translation>最近导入</translation>
        </message>
        <message>
            <source>Our field</source>
            <translation>本系统字段</translation>
        </message>
        <message>
            <source>Column in the file</source>
            <translation>文件中的列</translation>
        </message>
        <message>
            <source>First values in that column</source>
            <translation>该列的前几个值</translation>
        </message>
        <message>
            <source>Remember this mapping for the source</source>
            <translation>为该来源记住此对应关系</translation>
        </message>
        <message>
            <source>Category &amp;synonyms…</source>
            <translation>类别同义词(&amp;S)…</translation>
        </message>
        <message>
            <source>Which of our categories the platform's category names mean</source>
            <translation>平台的类别名称对应本中心的哪个类别</translation>
        </message>
        <message>
            <source>Fields marked * are required. A column left out is not imported.</source>
            <translation>标 * 的字段必须对应。未对应的列不导入。</translation>
        </message>
        <message>
            <source>All rows</source>
            <translation>全部行</translation>
        </message>
        <message>
            <source>Rejected rows</source>
            <translation>拒收的行</translation>
        </message>
        <message>
            <source>New cases</source>
            <translation>新建案件</translation>
        </message>
        <message>
            <source>Changed since last import</source>
            <translation>与上次导入相比有变更</translation>
        </message>
        <message>
            <source>Unchanged</source>
            <translation>无变化</translation>
        </message>
        <message>
            <source>Category went to 其他</source>
            <translation>类别归入“其他”</translation>
        </message>
        <message>
            <source>Which rows to show</source>
            <translation>显示哪些行</translation>
        </message>
        <message>
            <source>&amp;Strict: import nothing if any row is invalid</source>
            <translation>严格模式：有任何错误行则全部不导入(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Register as new case</source>
            <translation>作为新案件登记(&amp;R)</translation>
        </message>
        <message>
            <source>The selected repeat is a different matter: register it as a new case (again: undo)</source>
            <translation>所选重复件实为不同事项：作为新案件登记（再按一次撤销）</translation>
        </message>
        <message>
            <source>Save &amp;error report…</source>
            <translation>保存错误报告(&amp;E)…</translation>
        </message>
        <message>
            <source>The rejected rows and their reasons, as Excel</source>
            <translation>以 Excel 列出拒收的行及原因</translation>
        </message>
        <message>
            <source>Show:</source>
            <translation>显示：</translation>
        </message>
        <message>
            <source>Import &amp;another file</source>
            <translation>导入其他文件(&amp;A)</translation>
        </message>
        <message>
            <source>1 File</source>
            <translation>1 选择文件</translation>
        </message>
        <message>
            <source>2 Columns</source>
            <translation>2 对应列</translation>
        </message>
        <message>
            <source>3 Preview</source>
            <translation>3 预览</translation>
        </message>
        <message>
            <source>4 Import</source>
            <translation>4 导入</translation>
        </message>
        <message>
            <source>&amp;Import</source>
            <translation>导入(&amp;I)</translation>
        </message>
        <message>
            <source>Import the rows</source>
            <translation>导入这些行</translation>
        </message>
        <message>
            <source>Reading the file…</source>
            <translation>正在读取文件…</translation>
        </message>
        <message>
            <source>Checking the rows…</source>
            <translation>正在检查各行…</translation>
        </message>
        <message>
            <source>Importing…</source>
            <translation>正在导入…</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>完成</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>正在取消…</translation>
        </message>
        <message>
            <source>Choose the work-order file</source>
            <translation>选择工单文件</translation>
        </message>
        <message>
            <source>Work orders (*.xlsx *.xls *.csv);;All files (*)</source>
            <translation>工单文件 (*.xlsx *.xls *.csv);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Choose a file first.</source>
            <translation>请先选择文件。</translation>
        </message>
        <message>
            <source>the mapping remembered for this source</source>
            <translation>该来源已记住的对应关系</translation>
        </message>
        <message>
            <source>the remembered mapping, completed by the header names</source>
            <translation>已记住的对应关系，并按列名补全</translation>
        </message>
        <message>
            <source>the header names</source>
            <translation>列名</translation>
        </message>
        <message>
            <source>sheet “%1”, </source>
            <translation>工作表“%1”，</translation>
        </message>
        <message>
            <source>&lt;b&gt;%1&lt;/b&gt;%2: %3header in row %4, %5 data rows, %6 empty rows skipped. Columns proposed from %7.</source>
            <translation>&lt;b&gt;%1&lt;/b&gt;%2：%3表头在第 %4 行，数据 %5 行，跳过空行 %6 行。各列依据%7自动对应。</translation>
        </message>
        <message>
            <source>(not in the file)</source>
            <translation>（文件中没有）</translation>
        </message>
        <message>
            <source>Columns of the file not imported: %1</source>
            <translation>文件中不导入的列：%1</translation>
        </message>
        <message>
            <source>Row</source>
            <translation>行号</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Work order</source>
            <translation>工单编号</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>受理时间</translation>
        </message>
        <message>
            <source>Caller</source>
            <translation>来电人</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>The leading zero lost in Excel was restored</source>
            <translation>已补回 Excel 丢失的区号首位 0</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>村/社区</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>No category of ours has this name: the row goes to 其他</source>
            <translation>本中心没有此类别名称，归入“其他”</translation>
        </message>
        <message>
            <source>Content</source>
            <translation>诉求内容</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>Same matter as row %1 (%2% alike): a repeat visit</source>
            <translation>与第 %1 行为同一事项（相似度 %2%），记为重复来访</translation>
        </message>
        <message>
            <source>Same matter as %1 in progress (%2% alike): a repeat visit</source>
            <translation>与在办案件 %1 为同一事项（相似度 %2%），记为重复来访</translation>
        </message>
        <message>
            <source>Settled by 复核 (%1): recorded as a repeat visit, not accepted again</source>
            <translation>该事项已经复核终结（%1）：记为重复来访，不再受理</translation>
        </message>
        <message>
            <source>Changed: %1 — case %2 is closed, the change cannot be applied</source>
            <translation>有变更：%1——案件 %2 已办结，无法更新</translation>
        </message>
        <message>
            <source>Changed since the last import: %1 (%2)</source>
            <translation>与上次导入相比有变更：%1（%2）</translation>
        </message>
        <message>
            <source>Imported before as %1</source>
            <translation>已导入，案件 %1</translation>
        </message>
        <message>
            <source>Registered as a new case by your choice</source>
            <translation>按您的选择作为新案件登记</translation>
        </message>
        <message>
            <source>Caller has cases in progress: %1</source>
            <translation>来电人有在办案件：%1</translation>
        </message>
        <message>
            <source>Leading zero of the phone restored</source>
            <translation>已补回电话区号首位 0</translation>
        </message>
        <message>
            <source>&lt;b&gt;%1&lt;/b&gt; rows: </source>
            <translation>共 &lt;b&gt;%1&lt;/b&gt; 行：</translation>
        </message>
        <message>
            <source>%1 new cases</source>
            <translation>新建 %1 件</translation>
        </message>
        <message>
            <source>%1 repeats</source>
            <translation>重复 %1 件</translation>
        </message>
        <message>
            <source>%1 changed</source>
            <translation>有变更 %1 件</translation>
        </message>
        <message>
            <source>%1 unchanged</source>
            <translation>无变化 %1 件</translation>
        </message>
        <message>
            <source>%1 rejected</source>
            <translation>拒收 %1 行</translation>
        </message>
        <message>
            <source>%1 new cases go to the category 其他 (names not recognised: %2)</source>
            <translation>%1 件新案件归入“其他”类别（未识别的类别名称：%2）</translation>
        </message>
        <message>
            <source>%1 empty rows skipped</source>
            <translation>跳过空行 %1 行</translation>
        </message>
        <message>
            <source>Apply the changes of %1 work orders imported before</source>
            <translation>更新 %1 件已导入工单的变更内容</translation>
        </message>
        <message>
            <source>Row %1</source>
            <translation>第 %1 行</translation>
        </message>
        <message>
            <source>Save the error report</source>
            <translation>保存错误报告</translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <source>Error report saved: %1</source>
            <translation>错误报告已保存：%1</translation>
        </message>
        <message>
            <source>There is nothing to import: every row was imported before or is rejected.</source>
            <translation>没有可导入的内容：各行均已导入过或被拒收。</translation>
        </message>
        <message>
            <source>&lt;h3&gt;Imported&lt;/h3&gt;</source>
            <translation>&lt;h3&gt;导入完成&lt;/h3&gt;</translation>
        </message>
        <message>
            <source>%1 new cases registered%2.</source>
            <translation>新登记案件 %1 件%2。</translation>
        </message>
        <message>
            <source>: %1 … %2</source>
            <translation>：%1 至 %2</translation>
        </message>
        <message>
            <source>An unfinished import of this file was continued and completed.</source>
            <translation>已接续完成此文件上次未完成的导入。</translation>
        </message>
        <message>
            <source>%1 repeat visits recorded on cases in progress.</source>
            <translation>在在办案件上记录重复来访 %1 次。</translation>
        </message>
        <message>
            <source>%1 of %2 changed work orders updated (written to the audit log).</source>
            <translation>%2 件有变更的工单中已更新 %1 件（已记入操作日志）。</translation>
        </message>
        <message>
            <source>%1 work orders were imported before and unchanged.</source>
            <translation>%1 件工单此前已导入且无变化。</translation>
        </message>
        <message>
            <source>%1 rows rejected.</source>
            <translation>拒收 %1 行。</translation>
        </message>
        <message>
            <source>%1 cases went to the category 其他.</source>
            <translation>%1 件案件归入“其他”类别。</translation>
        </message>
    </context>
    <context>
        <name>IntakeActions</name>
        <message>
            <source>Import work orders…</source>
            <translation>导入工单…</translation>
        </message>
        <message>
            <source>Import 12345 work orders or grid reports from Excel/CSV</source>
            <translation>从 Excel/CSV 导入12345工单或网格上报事件</translation>
        </message>
        <message>
            <source>Export results…</source>
            <translation>导出办理结果…</translation>
        </message>
        <message>
            <source>Export handling results for the 12345 platform</source>
            <translation>导出办理结果，回报12345平台</translation>
        </message>
        <message>
            <source>Category synonyms…</source>
            <translation>类别同义词…</translation>
        </message>
        <message>
            <source>Which of our categories the platforms' names mean</source>
            <translation>平台的类别名称对应本中心的哪个类别</translation>
        </message>
    </context>
    <context>
        <name>IntakeTexts</name>
        <message>
            <source>Work-order number</source>
            <translation>工单编号</translation>
        </message>
        <message>
            <source>Time received</source>
            <translation>受理时间</translation>
        </message>
        <message>
            <source>Caller name</source>
            <translation>来电人</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>联系电话</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>地址</translation>
        </message>
        <message>
            <source>Village / community</source>
            <translation>村/社区</translation>
        </message>
        <message>
            <source>Grid code</source>
            <translation>网格编码</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Content</source>
            <translation>诉求内容</translation>
        </message>
        <message>
            <source>Requested deadline</source>
            <translation>要求办结时间</translation>
        </message>
        <message>
            <source>12345 hotline work orders</source>
            <translation>12345热线工单</translation>
        </message>
        <message>
            <source>Grid reports</source>
            <translation>网格上报事件</translation>
        </message>
        <message>
            <source>New</source>
            <translation>新建</translation>
        </message>
        <message>
            <source>Repeat</source>
            <translation>重复</translation>
        </message>
        <message>
            <source>Changed</source>
            <translation>有变更</translation>
        </message>
        <message>
            <source>Unchanged</source>
            <translation>无变化</translation>
        </message>
        <message>
            <source>Rejected</source>
            <translation>拒收</translation>
        </message>
        <message>
            <source>Complete</source>
            <translation>已完成</translation>
        </message>
        <message>
            <source>Unfinished: %1 of %2 rows written; import the file again to continue</source>
            <translation>未完成：已写入%2行中的%1行；再次导入此文件即可继续</translation>
        </message>
        <message>
            <source>Stopped; nothing was kept</source>
            <translation>已中止，未保留任何数据</translation>
        </message>
        <message>
            <source>%1 is empty</source>
            <translation>%1为空</translation>
        </message>
        <message>
            <source>%1 is too long (at most %3 characters)</source>
            <translation>%1过长（最多%3个字）</translation>
        </message>
        <message>
            <source>%1 “%2” is not a date</source>
            <translation>%1“%2”不是可识别的日期</translation>
        </message>
        <message>
            <source>%1 “%2” is a day that does not exist</source>
            <translation>%1“%2”不是存在的日期</translation>
        </message>
        <message>
            <source>%1 “%2” is in the future</source>
            <translation>%1“%2”晚于当前时间</translation>
        </message>
        <message>
            <source>%1 “%2” is not a mobile or landline number</source>
            <translation>%1“%2”不是有效的手机或固定电话号码</translation>
        </message>
        <message>
            <source>%1 “%2” is before the time received</source>
            <translation>%1“%2”早于受理时间</translation>
        </message>
        <message>
            <source>The work-order number occurs again with other content (row %2)</source>
            <translation>工单编号重复出现且内容不同（另见第%2行）</translation>
        </message>
        <message>
            <source>The same row as row %2</source>
            <translation>与第%2行完全相同的重复行</translation>
        </message>
        <message>
            <source>a PDF document</source>
            <translation>PDF 文档</translation>
        </message>
        <message>
            <source>a picture</source>
            <translation>图片</translation>
        </message>
        <message>
            <source>a web page</source>
            <translation>网页</translation>
        </message>
        <message>
            <source>an XML file</source>
            <translation>XML 文件</translation>
        </message>
        <message>
            <source>a zip archive</source>
            <translation>压缩包</translation>
        </message>
        <message>
            <source>a binary file</source>
            <translation>二进制文件</translation>
        </message>
        <message>
            <source>text in an unknown encoding</source>
            <translation>无法识别编码的文本</translation>
        </message>
        <message>
            <source>plain text, not a table</source>
            <translation>普通文本，不是表格</translation>
        </message>
        <message>
            <source>Case number</source>
            <translation>案件编号</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>办理结果</translation>
        </message>
        <message>
            <source>Time concluded</source>
            <translation>办结时间</translation>
        </message>
        <message>
            <source>Satisfaction</source>
            <translation>满意度</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>办理状态</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>承办单位</translation>
        </message>
        <message>
            <source>Concluded on time</source>
            <translation>是否按时办结</translation>
        </message>
        <message>
            <source>%1 is not valid</source>
            <translation>%1无效</translation>
        </message>
        <message>
            <source>, </source>
            <translation>、</translation>
        </message>
        <message>
            <source>“%1” is not a spreadsheet (it looks like %2). Export the work orders from the platform as .xlsx, .xls or .csv.</source>
            <translation>“%1”不是表格文件（看起来是%2）。请从平台导出 .xlsx、.xls 或 .csv 格式的工单。</translation>
        </message>
        <message>
            <source>“%1” is protected by a password. Open it in Excel, remove the password (File › Info › Protect Workbook) and save it, then import it again.</source>
            <translation>“%1”设有密码保护。请在 Excel 中打开，取消密码（文件 › 信息 › 保护工作簿）并保存后再导入。</translation>
        </message>
        <message>
            <source>“%1” cannot be read; it may be damaged (%2).</source>
            <translation>无法读取“%1”，文件可能已损坏（%2）。</translation>
        </message>
        <message>
            <source>“%1” has no data rows.</source>
            <translation>“%1”没有数据行。</translation>
        </message>
        <message>
            <source>No header row was recognised in the first %1 rows of “%2”. Choose the header row by hand and map the columns yourself.</source>
            <translation>在“%2”的前 %1 行中没有找到可识别的表头。请手工指定表头所在行，并逐列对应字段。</translation>
        </message>
        <message>
            <source>The file has no sheet “%1”.</source>
            <translation>文件中没有名为“%1”的工作表。</translation>
        </message>
        <message>
            <source>Row %1 is not among the first %2 rows of the sheet.</source>
            <translation>第 %1 行不在工作表的前 %2 行之内。</translation>
        </message>
        <message>
            <source>The file has more than %1 rows. Split it, or ask an administrator to raise the limit.</source>
            <translation>文件超过 %1 行。请拆分后导入，或请管理员调高上限。</translation>
        </message>
        <message>
            <source>Cancelled. Nothing was imported.</source>
            <translation>已取消，未导入任何数据。</translation>
        </message>
        <message>
            <source>Choose the column of: %1.</source>
            <translation>请选择以下字段对应的列：%1。</translation>
        </message>
        <message>
            <source>Some category names match none of ours, and there is no category “%1” to put them in. Ask an administrator to add it or to add synonyms.</source>
            <translation>部分类别名称无法对应本中心的类别，且没有“%1”类别可以归入。请管理员添加该类别或补充类别同义词。</translation>
        </message>
        <message>
            <source>Strict mode: %1 of %2 rows are invalid, so nothing was imported. Save the error report, correct the file and import it again.</source>
            <translation>严格模式：%2 行中有 %1 行有误，本次未导入任何数据。请保存错误报告，改正文件后重新导入。</translation>
        </message>
        <message>
            <source>The column “%1” is chosen for two fields.</source>
            <translation>列“%1”被同时对应到两个字段。</translation>
        </message>
        <message>
            <source>The file has no column “%1”.</source>
            <translation>文件中没有“%1”列。</translation>
        </message>
        <message>
            <source>The export must contain the work-order number.</source>
            <translation>导出文件必须包含工单编号列。</translation>
        </message>
        <message>
            <source>The column “%1” appears twice.</source>
            <translation>列“%1”出现了两次。</translation>
        </message>
        <message>
            <source>Every column needs a header.</source>
            <translation>每一列都需要列名。</translation>
        </message>
        <message>
            <source>Choose at least one column.</source>
            <translation>请至少选择一列。</translation>
        </message>
        <message>
            <source>The file “%1” cannot be written: %2</source>
            <translation>无法写入文件“%1”：%2</translation>
        </message>
        <message>
            <source>Save the export as .xlsx or .csv.</source>
            <translation>请将导出文件保存为 .xlsx 或 .csv。</translation>
        </message>
        <message>
            <source>The time format is not valid (e.g. %Y-%m-%d %H:%M).</source>
            <translation>时间格式无效（例如 %Y-%m-%d %H:%M）。</translation>
        </message>
        <message>
            <source>The end date is before the start date.</source>
            <translation>结束日期早于开始日期。</translation>
        </message>
        <message>
            <source>Choose a category, not a domain.</source>
            <translation>请选择具体类别，而不是一级领域。</translation>
        </message>
    </context>
    <context>
        <name>JudicialDialog</name>
        <message>
            <source>Judicial confirmation</source>
            <translation>司法确认</translation>
        </message>
        <message>
            <source>e.g. 虎丘人民法庭</source>
            <translation>如 虎丘人民法庭</translation>
        </message>
        <message>
            <source>What happened:</source>
            <translation>进展：</translation>
        </message>
        <message>
            <source>On:</source>
            <translation>日期：</translation>
        </message>
        <message>
            <source>Court:</source>
            <translation>人民法院：</translation>
        </message>
        <message>
            <source>Note:</source>
            <translation>备注：</translation>
        </message>
    </context>
    <context>
        <name>JudicialPanel</name>
        <message>
            <source>Case</source>
            <translation>案号</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>案由</translation>
        </message>
        <message>
            <source>Parties</source>
            <translation>当事人</translation>
        </message>
        <message>
            <source>Signed</source>
            <translation>签订日期</translation>
        </message>
        <message>
            <source>Last day</source>
            <translation>截止日期</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>进展</translation>
        </message>
        <message>
            <source>Time left</source>
            <translation>剩余时间</translation>
        </message>
        <message>
            <source>Parties &amp;reminded today</source>
            <translation>今日已告知当事人(&amp;R)</translation>
        </message>
        <message>
            <source>Parties &amp;declined</source>
            <translation>当事人不申请(&amp;D)</translation>
        </message>
        <message>
            <source>&amp;Open case</source>
            <translation>打开案件(&amp;O)</translation>
        </message>
        <message>
            <source>The parties may jointly apply to the court within 30 days of the agreement taking effect. Tell them in time.</source>
            <translation>当事人可以自调解协议生效之日起三十日内共同向人民法院申请司法确认，请及时告知。</translation>
        </message>
        <message>
            <source>not told yet</source>
            <translation>尚未告知</translation>
        </message>
        <message>
            <source>%1: %2.</source>
            <translation>%1：%2。</translation>
        </message>
    </context>
    <context>
        <name>Keypad</name>
        <message>
            <source>Confirm</source>
            <translation>确认</translation>
        </message>
    </context>
    <context>
        <name>KioskWindow</name>
        <message>
            <source>OneStop ticket kiosk</source>
            <translation>OneStop 取号机</translation>
        </message>
        <message>
            <source>The system is reconnecting. Tickets cannot be issued for a moment — please wait or ask at window 1.</source>
            <translation>系统正在重新连接，暂时无法取号，请稍候或到1号窗口咨询。</translation>
        </message>
        <message>
            <source>Please choose what you have come for</source>
            <translation>请选择您要办理的事项</translation>
        </message>
        <message>
            <source>Priority lane: elderly, disabled, military, pregnant</source>
            <translation>绿色通道：老年人 · 残疾人 · 军人 · 孕妇</translation>
        </message>
        <message>
            <source>I have an appointment</source>
            <translation>预约签到</translation>
        </message>
        <message>
            <source>Enter the 6-digit code of your appointment</source>
            <translation>请输入6位预约签到码</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>返回</translation>
        </message>
        <message>
            <source>Your number</source>
            <translation>您的号码</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>完成</translation>
        </message>
        <message>
            <source>Opening hours on working days: %1–%2</source>
            <translation>办公时间（工作日）：%1–%2</translation>
        </message>
        <message>
            <source>about %1 min</source>
            <translation>约 %1 分钟</translation>
        </message>
        <message>
            <source>%1 waiting</source>
            <translation>等候 %1 人</translation>
        </message>
        <message>
            <source>No tickets: no window offers it</source>
            <translation>暂停取号：暂无办理窗口</translation>
        </message>
        <message>
            <source>No tickets now: nobody at its window</source>
            <translation>暂停取号：窗口暂无工作人员</translation>
        </message>
        <message>
            <source>its window is on a break</source>
            <translation>窗口暂停中</translation>
        </message>
        <message>
            <source>no wait</source>
            <translation>无需等候</translation>
        </message>
        <message>
            <source>Priority lane chosen: now choose the service</source>
            <translation>已选择绿色通道，请选择办理事项</translation>
        </message>
        <message>
            <source>The code has 6 digits.</source>
            <translation>签到码为6位数字。</translation>
        </message>
        <message>
            <source>Your ticket is being issued, one moment…</source>
            <translation>正在出票，请稍候…</translation>
        </message>
        <message>
            <source>Nobody is waiting before you</source>
            <translation>您前面没有人等候</translation>
        </message>
        <message>
            <source>%1 people are waiting before you</source>
            <translation>您前面还有 %1 人等候</translation>
        </message>
        <message>
            <source>No wait: you will be called in a moment</source>
            <translation>无需等候，马上为您叫号</translation>
        </message>
        <message>
            <source>Expected wait: %1</source>
            <translation>预计等候：%1</translation>
        </message>
        <message>
            <source>Its window is on a break; calls go on in order when it is back</source>
            <translation>窗口暂停中，恢复后按顺序叫号</translation>
        </message>
        <message>
            <source>Please take your ticket below and watch the hall display.</source>
            <translation>请取走下方号票，留意叫号屏和语音呼叫。</translation>
        </message>
        <message>
            <source>The ticket printer is out of paper: please remember your number %1 and watch the hall display.</source>
            <translation>取号打印机缺纸：请记住您的号码 %1，留意叫号屏。</translation>
        </message>
        <message>
            <source>The printer did not answer: please remember your number %1 and watch the hall display.</source>
            <translation>打印机未响应：请记住您的号码 %1，留意叫号屏和语音呼叫。</translation>
        </message>
        <message>
            <source>No ticket printer here: please remember your number %1 and watch the hall display.</source>
            <translation>本机未连接打印机：请记住您的号码 %1，留意叫号屏和语音呼叫。</translation>
        </message>
    </context>
    <context>
        <name>LiveQueuePage</name>
        <message>
            <source>Database unreachable — reconnecting…</source>
            <translation>数据库连接中断，正在重新连接…</translation>
        </message>
        <message>
            <source>Service</source>
            <translation>事项</translation>
        </message>
        <message>
            <source>Waiting</source>
            <translation>等候人数</translation>
        </message>
        <message>
            <source>Longest wait</source>
            <translation>最长等候</translation>
        </message>
        <message>
            <source>Windows open</source>
            <translation>在岗窗口</translation>
        </message>
        <message>
            <source>Served today</source>
            <translation>今日已办</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>窗口</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Staff</source>
            <translation>工作人员</translation>
        </message>
        <message>
            <source>Current ticket</source>
            <translation>当前号码</translation>
        </message>
        <message>
            <source>Since</source>
            <translation>起始</translation>
        </message>
        <message>
            <source>Waiting per service</source>
            <translation>各事项等候情况</translation>
        </message>
        <message>
            <source>Windows</source>
            <translation>窗口状态</translation>
        </message>
        <message>
            <source>Waiting: %1 · longest wait: %2 · serving %3, idle %4, paused %5, nobody at %6</source>
            <translation>等候 %1 人 · 最长等候 %2 · 办理中 %3 · 空闲 %4 · 暂停 %5 · 无人在岗 %6</translation>
        </message>
        <message>
            <source>over %1 min: %2</source>
            <translation>超过 %1 分钟：%2</translation>
        </message>
    </context>
    <context>
        <name>LiveQueueView</name>
        <message>
            <source>Live queue</source>
            <translation>实时队列</translation>
        </message>
        <message>
            <source>Bad-rating follow-ups</source>
            <translation>差评回访</translation>
        </message>
    </context>
    <context>
        <name>LockScreen</name>
        <message>
            <source>OneStop — Locked</source>
            <translation>OneStop — 已锁定</translation>
        </message>
        <message>
            <source>The screen is locked</source>
            <translation>屏幕已锁定</translation>
        </message>
        <message>
            <source>Signed in: %1 (%2)</source>
            <translation>当前登录：%1（%2）</translation>
        </message>
        <message>
            <source>Window %1</source>
            <translation>%1 号窗口</translation>
        </message>
        <message>
            <source>Enter the password of %1 to go on. Open forms keep what was typed.</source>
            <translation>请输入 %1 的密码继续使用。已打开的表单会保留已输入的内容。</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>&amp;Unlock</source>
            <translation>解锁(&amp;U)</translation>
        </message>
        <message>
            <source>Check the password and return to work (Enter)</source>
            <translation>验证密码并返回工作（Enter）</translation>
        </message>
        <message>
            <source>Sign &amp;out…</source>
            <translation>退出登录(&amp;O)…</translation>
        </message>
        <message>
            <source>Sign out instead; forms still open are closed without saving</source>
            <translation>改为退出登录；仍打开的表单将不保存而关闭</translation>
        </message>
        <message>
            <source>Locked at %1 after a time without input.</source>
            <translation>因长时间无操作，于 %1 锁定。</translation>
        </message>
        <message>
            <source>Locked at %1.</source>
            <translation>%1 已锁定。</translation>
        </message>
        <message>
            <source>Checking the password…</source>
            <translation>正在验证密码…</translation>
        </message>
        <message>
            <source>The password could not be checked: %1</source>
            <translation>无法验证密码：%1</translation>
        </message>
        <message>
            <source>Sign &amp;out now</source>
            <translation>立即退出登录(&amp;O)</translation>
        </message>
        <message>
            <source>Forms still open will be closed without saving. Click “Sign out now” to confirm.</source>
            <translation>仍打开的表单将不保存而关闭。请点击“立即退出登录”确认。</translation>
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <source>OneStop — Sign in</source>
            <translation>OneStop — 登录</translation>
        </message>
        <message>
            <source>One-stop comprehensive service center workbench</source>
            <translation>一站式综合服务中心工作台</translation>
        </message>
        <message>
            <source>&amp;User name:</source>
            <translation>用户名(&amp;U)：</translation>
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation>密码(&amp;P)：</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>Checking the password…</source>
            <translation>正在验证密码…</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>%1 — OneStop</source>
            <translation>%1 — OneStop</translation>
        </message>
        <message>
            <source>No area of OneStop is available to your role (%1) yet. Ask an administrator if you need access.</source>
            <translation>您的角色（%1）暂无可用的功能模块。如需相应权限，请联系系统管理员。</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>Change &amp;password…</source>
            <translation>修改密码(&amp;P)…</translation>
        </message>
        <message>
            <source>&amp;Lock the screen</source>
            <translation>锁定屏幕(&amp;L)</translation>
        </message>
        <message>
            <source>Lock the screen now (Ctrl+L)</source>
            <translation>立即锁定屏幕（Ctrl+L）</translation>
        </message>
        <message>
            <source>Sign &amp;out</source>
            <translation>退出登录(&amp;O)</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出程序(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>语言(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;About OneStop</source>
            <translation>关于 OneStop(&amp;A)</translation>
        </message>
        <message>
            <source>User: %1 (%2)</source>
            <translation>用户：%1（%2）</translation>
        </message>
        <message>
            <source>Window %1</source>
            <translation>%1号窗口</translation>
        </message>
        <message>
            <source>Local database (SQLite)</source>
            <translation>本机数据库（SQLite）</translation>
        </message>
        <message>
            <source>Server database (PostgreSQL)</source>
            <translation>服务器数据库（PostgreSQL）</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>The new language is used from the next start of OneStop.</source>
            <translation>新的界面语言将在下次启动 OneStop 时生效。</translation>
        </message>
        <message>
            <source>About OneStop</source>
            <translation>关于 OneStop</translation>
        </message>
        <message>
            <source>OneStop %1
Workbench of the one-stop comprehensive service center.

Data: %2
Logs: %3</source>
            <translation>OneStop %1
一站式综合服务中心工作台

数据目录：%2
日志目录：%3</translation>
        </message>
    </context>
    <context>
        <name>MatterDialog</name>
        <message>
            <source>Register a matter</source>
            <translation>登记事项</translation>
        </message>
        <message>
            <source>Choose the service</source>
            <translation>选择办理事项</translation>
        </message>
        <message>
            <source>What the visitor asked for, in a few sentences</source>
            <translation>来访人要办什么、问什么，简要写几句</translation>
        </message>
        <message>
            <source>What was done or answered (optional)</source>
            <translation>办了什么、怎么答复的（可不填）</translation>
        </message>
        <message>
            <source>Visitor (optional)</source>
            <translation>来访人（可不填）</translation>
        </message>
        <message>
            <source>&amp;Service:</source>
            <translation>办理事项(&amp;S)：</translation>
        </message>
        <message>
            <source>Su&amp;mmary:</source>
            <translation>事项摘要(&amp;M)：</translation>
        </message>
        <message>
            <source>&amp;Outcome:</source>
            <translation>办理结果(&amp;O)：</translation>
        </message>
        <message>
            <source>All matters of this &amp;person</source>
            <translation>此人全部事项(&amp;P)</translation>
        </message>
        <message>
            <source>Every matter of the person: window matters, petitions, disputes</source>
            <translation>此人的全部事项：窗口事项、信访、矛盾纠纷</translation>
        </message>
        <message>
            <source>Conclude</source>
            <translation>办结</translation>
        </message>
        <message>
            <source>Register and conclude at once: answered at the window</source>
            <translation>登记并当场办结：在窗口已答复、已办理</translation>
        </message>
        <message>
            <source>Register and hand over…</source>
            <translation>登记并转交…</translation>
        </message>
        <message>
            <source>Register, then hand over to a window, department or mediator</source>
            <translation>先登记，再转交给窗口、部门或调解员</translation>
        </message>
        <message>
            <source>Register</source>
            <translation>登记</translation>
        </message>
        <message>
            <source>Register: the matter stays with this window</source>
            <translation>登记：事项留在本窗口办理</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Register a matter — ticket %1</source>
            <translation>登记事项 — %1 号</translation>
        </message>
        <message>
            <source>The matter is linked to ticket %1 (%2).</source>
            <translation>事项关联号票 %1（%2）。</translation>
        </message>
        <message>
            <source>Choose the service of the matter.</source>
            <translation>请选择事项的办理类别。</translation>
        </message>
        <message>
            <source>The same person has a similar matter in progress (see above). Check it; to register a new matter anyway, press the button again.</source>
            <translation>同一人有未办结的相似事项（见上方），请先核对；确属新事项，请再按一次登记。</translation>
        </message>
    </context>
    <context>
        <name>MatterLabels</name>
        <message>
            <source>Window matter</source>
            <translation>窗口事项</translation>
        </message>
        <message>
            <source>Petition</source>
            <translation>信访</translation>
        </message>
        <message>
            <source>Dispute</source>
            <translation>矛盾纠纷</translation>
        </message>
        <message>
            <source>Work order</source>
            <translation>工单</translation>
        </message>
        <message>
            <source>In progress</source>
            <translation>办理中</translation>
        </message>
        <message>
            <source>Concluded</source>
            <translation>已办结</translation>
        </message>
        <message>
            <source>A window</source>
            <translation>窗口</translation>
        </message>
        <message>
            <source>A department</source>
            <translation>部门</translation>
        </message>
        <message>
            <source>A mediator</source>
            <translation>调解员</translation>
        </message>
    </context>
    <context>
        <name>MatterMessages</name>
        <message>
            <source>Matter %1 is already concluded.</source>
            <translation>事项 %1 已办结。</translation>
        </message>
        <message>
            <source>Matter %1 is already handed over and waits to be received.</source>
            <translation>事项 %1 已转交，正等待对方接收。</translation>
        </message>
        <message>
            <source>This handover has already been received.</source>
            <translation>该事项已被接收。</translation>
        </message>
        <message>
            <source>Only %1 can receive this matter.</source>
            <translation>只有%1可以接收此事项。</translation>
        </message>
        <message>
            <source>Choose the service of the matter.</source>
            <translation>请选择事项的办理类别。</translation>
        </message>
    </context>
    <context>
        <name>MediationArea</name>
        <message>
            <source>Today</source>
            <translation>今日</translation>
        </message>
        <message>
            <source>Disputes</source>
            <translation>纠纷案件</translation>
        </message>
        <message>
            <source>Judicial confirmation</source>
            <translation>司法确认</translation>
        </message>
        <message>
            <source>Mediators</source>
            <translation>调解员名册</translation>
        </message>
        <message>
            <source>Registered as %1.</source>
            <translation>已登记为%1。</translation>
        </message>
    </context>
    <context>
        <name>MediationLabels</name>
        <message>
            <source>Registered</source>
            <translation>已登记</translation>
        </message>
        <message>
            <source>Scheduled</source>
            <translation>已排期</translation>
        </message>
        <message>
            <source>In mediation</source>
            <translation>调解中</translation>
        </message>
        <message>
            <source>Agreement reached</source>
            <translation>调解成功</translation>
        </message>
        <message>
            <source>Mediation failed</source>
            <translation>调解不成</translation>
        </message>
        <message>
            <source>Terminated</source>
            <translation>终止调解</translation>
        </message>
        <message>
            <source>Referred</source>
            <translation>已移交</translation>
        </message>
        <message>
            <source>Application by a party</source>
            <translation>申请调解</translation>
        </message>
        <message>
            <source>Proactive mediation</source>
            <translation>主动调解</translation>
        </message>
        <message>
            <source>Referred or entrusted</source>
            <translation>接受委托移送</translation>
        </message>
        <message>
            <source>Applicant</source>
            <translation>申请人</translation>
        </message>
        <message>
            <source>Respondent</source>
            <translation>被申请人</translation>
        </message>
        <message>
            <source>Person</source>
            <translation>自然人</translation>
        </message>
        <message>
            <source>Organisation</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>None</source>
            <translation>无</translation>
        </message>
        <message>
            <source>Legal representative</source>
            <translation>法定代理人</translation>
        </message>
        <message>
            <source>Authorised agent</source>
            <translation>委托代理人</translation>
        </message>
        <message>
            <source>Tentative</source>
            <translation>暂定</translation>
        </message>
        <message>
            <source>Confirmed</source>
            <translation>已确认</translation>
        </message>
        <message>
            <source>Held</source>
            <translation>已召开</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>已取消</translation>
        </message>
        <message>
            <source>No-show</source>
            <translation>当事人未到</translation>
        </message>
        <message>
            <source>Court</source>
            <translation>人民法院</translation>
        </message>
        <message>
            <source>Petition office</source>
            <translation>信访部门</translation>
        </message>
        <message>
            <source>Another body</source>
            <translation>其他单位</translation>
        </message>
        <message>
            <source>Written agreement</source>
            <translation>书面协议</translation>
        </message>
        <message>
            <source>Oral agreement</source>
            <translation>口头协议</translation>
        </message>
        <message>
            <source>Draft</source>
            <translation>草稿</translation>
        </message>
        <message>
            <source>Final</source>
            <translation>已定稿</translation>
        </message>
        <message>
            <source>Superseded</source>
            <translation>已被更正</translation>
        </message>
        <message>
            <source>Performed</source>
            <translation>已履行</translation>
        </message>
        <message>
            <source>Partly performed</source>
            <translation>部分履行</translation>
        </message>
        <message>
            <source>Not performed</source>
            <translation>未履行</translation>
        </message>
        <message>
            <source>Parties reminded</source>
            <translation>已告知当事人</translation>
        </message>
        <message>
            <source>Applied to the court</source>
            <translation>已申请司法确认</translation>
        </message>
        <message>
            <source>Confirmed by the court</source>
            <translation>法院已确认</translation>
        </message>
        <message>
            <source>Rejected by the court</source>
            <translation>法院不予确认</translation>
        </message>
        <message>
            <source>Parties declined</source>
            <translation>当事人不申请</translation>
        </message>
        <message>
            <source>Home visit</source>
            <translation>上门回访</translation>
        </message>
        <message>
            <source>Phone call</source>
            <translation>电话回访</translation>
        </message>
        <message>
            <source>Very satisfied</source>
            <translation>非常满意</translation>
        </message>
        <message>
            <source>Satisfied</source>
            <translation>满意</translation>
        </message>
        <message>
            <source>Basically satisfied</source>
            <translation>基本满意</translation>
        </message>
        <message>
            <source>Dissatisfied</source>
            <translation>不满意</translation>
        </message>
        <message>
            <source>Very dissatisfied</source>
            <translation>非常不满意</translation>
        </message>
        <message>
            <source>On time</source>
            <translation>正常</translation>
        </message>
        <message>
            <source>Due soon</source>
            <translation>即将到期</translation>
        </message>
        <message>
            <source>Due today</source>
            <translation>今日到期</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>已超期</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>已结案</translation>
        </message>
        <message>
            <source>Mediation deadline</source>
            <translation>调解期限</translation>
        </message>
        <message>
            <source>Agreement term due</source>
            <translation>协议履行期限</translation>
        </message>
        <message>
            <source>Judicial confirmation window closing</source>
            <translation>司法确认期限将满</translation>
        </message>
        <message>
            <source>Follow-up visit due</source>
            <translation>应当回访</translation>
        </message>
        <message>
            <source>the parties on both sides</source>
            <translation>双方当事人</translation>
        </message>
        <message>
            <source>the main facts</source>
            <translation>纠纷主要事实</translation>
        </message>
        <message>
            <source>the disputed matters</source>
            <translation>争议事项</translation>
        </message>
        <message>
            <source>each party's responsibility</source>
            <translation>各方当事人的责任</translation>
        </message>
        <message>
            <source>at least one agreed term</source>
            <translation>至少一项协议内容</translation>
        </message>
        <message>
            <source>the content of the oral agreement</source>
            <translation>口头协议的内容</translation>
        </message>
        <message>
            <source>what term %1 agrees</source>
            <translation>第%1项协议的内容</translation>
        </message>
        <message>
            <source>how term %1 is performed</source>
            <translation>第%1项的履行方式</translation>
        </message>
        <message>
            <source>by when term %1 is performed</source>
            <translation>第%1项的履行期限</translation>
        </message>
        <message>
            <source>the ID number of party %1</source>
            <translation>第%1位当事人的身份证号码</translation>
        </message>
        <message>
            <source>the address of party %1</source>
            <translation>第%1位当事人的住址</translation>
        </message>
        <message>
            <source>the legal representative of party %1</source>
            <translation>第%1位当事人的法定代表人</translation>
        </message>
        <message>
            <source>Mon</source>
            <translation>周一</translation>
        </message>
        <message>
            <source>Tue</source>
            <translation>周二</translation>
        </message>
        <message>
            <source>Wed</source>
            <translation>周三</translation>
        </message>
        <message>
            <source>Thu</source>
            <translation>周四</translation>
        </message>
        <message>
            <source>Fri</source>
            <translation>周五</translation>
        </message>
        <message>
            <source>Sat</source>
            <translation>周六</translation>
        </message>
        <message>
            <source>Sun</source>
            <translation>周日</translation>
        </message>
    </context>
    <context>
        <name>MediationMessages</name>
        <message>
            <source>book a session for</source>
            <translation>预约调解</translation>
        </message>
        <message>
            <source>change</source>
            <translation>修改</translation>
        </message>
        <message>
            <source>close</source>
            <translation>结案</translation>
        </message>
        <message>
            <source>confirm</source>
            <translation>确认</translation>
        </message>
        <message>
            <source>move</source>
            <translation>调整</translation>
        </message>
        <message>
            <source>cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>mark as no-show</source>
            <translation>登记未到</translation>
        </message>
        <message>
            <source>record a session for</source>
            <translation>记录调解</translation>
        </message>
        <message>
            <source>write an agreement for</source>
            <translation>制作调解协议</translation>
        </message>
        <message>
            <source>finalise</source>
            <translation>定稿</translation>
        </message>
        <message>
            <source>discard</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>record the signing of</source>
            <translation>登记签订</translation>
        </message>
        <message>
            <source>print</source>
            <translation>打印</translation>
        </message>
        <message>
            <source>check the performance of</source>
            <translation>登记履行情况</translation>
        </message>
        <message>
            <source>record judicial confirmation for</source>
            <translation>登记司法确认</translation>
        </message>
        <message>
            <source>record a follow-up visit for</source>
            <translation>登记回访</translation>
        </message>
        <message>
            <source>the room</source>
            <translation>调解室</translation>
        </message>
        <message>
            <source>mediator %1</source>
            <translation>调解员%1</translation>
        </message>
        <message>
            <source>party %1</source>
            <translation>当事人%1</translation>
        </message>
        <message>
            <source>%1 is taken by case %2 in %3: %4.</source>
            <translation>%1 已有安排：%2，%3；占用%4。</translation>
        </message>
        <message>
            <source>Room %1</source>
            <translation>%1</translation>
        </message>
        <message>
            <source>Mediator %1</source>
            <translation>调解员%1</translation>
        </message>
        <message>
            <source>Party %1</source>
            <translation>当事人%1</translation>
        </message>
        <message>
            <source>%1 busy %2–%3 (%4, %5)</source>
            <translation>%1 %2–%3 已有安排（%4，%5）</translation>
        </message>
        <message>
            <source>This time overlaps confirmed sessions:</source>
            <translation>该时段与已确认的调解安排冲突：</translation>
        </message>
        <message>
            <source>The center is open from %1 to %2; a session must lie inside these hours on one day. An administrator may book outside them.</source>
            <translation>中心办公时间为%1至%2，调解须安排在同一天的办公时间内。管理员可以在办公时间以外预约。</translation>
        </message>
        <message>
            <source>The center is closed on %1 (%2).</source>
            <translation>%1（%2）中心不办公。</translation>
        </message>
        <message>
            <source>An administrator may book on a day off.</source>
            <translation>管理员可以在休息日预约。</translation>
        </message>
        <message>
            <source>Case %1 still has %2 upcoming sessions booked. Cancel them first.</source>
            <translation>案件%1还有%2场待召开的调解安排，请先取消。</translation>
        </message>
        <message>
            <source>The session has not begun yet.</source>
            <translation>调解尚未开始。</translation>
        </message>
        <message>
            <source>The session has already begun and cannot be moved.</source>
            <translation>调解已经开始，不能调整。</translation>
        </message>
        <message>
            <source>This session already has its record.</source>
            <translation>该场调解已有笔录。</translation>
        </message>
        <message>
            <source>Only a signed written agreement can be confirmed by a court.</source>
            <translation>只有已签订的书面调解协议才能申请司法确认。</translation>
        </message>
        <message>
            <source>An oral agreement has no agreement document to print.</source>
            <translation>口头协议没有可打印的调解协议书。</translation>
        </message>
        <message>
            <source>You cannot %1 it: it is “%2”.</source>
            <translation>当前状态为“%2”，不能%1。</translation>
        </message>
        <message>
            <source>The agreement cannot be finalised. Article 29 of the People's Mediation Law requires:</source>
            <translation>调解协议不能定稿。《人民调解法》第二十九条要求载明：</translation>
        </message>
        <message>
            <source>party %1 (%2)</source>
            <translation>第%1位当事人（%2）</translation>
        </message>
        <message>
            <source>the mediator</source>
            <translation>调解员</translation>
        </message>
        <message>
            <source>the committee's seal</source>
            <translation>调解委员会印章</translation>
        </message>
        <message>
            <source>The agreement is not signed yet, so it cannot be finalised and the case stays open. A written agreement takes effect only when every party, the mediator and the committee's seal are on it: print it for signing, then record the signing.</source>
            <translation>协议尚未签订，不能定稿，案件仍在办理中。书面调解协议须经各方当事人签名（盖章或按指印）、调解员签名并加盖调解委员会印章后方生效：请先打印供签字，再登记签订。</translation>
        </message>
        <message>
            <source>The agreement is not fully signed. Still missing: %1.</source>
            <translation>协议尚未签全，还缺：%1。</translation>
        </message>
        <message>
            <source>, </source>
            <translation>、</translation>
        </message>
        <message>
            <source>%1 is a party and cannot also be a mediator of this case.</source>
            <translation>%1是本案当事人，不能担任本案调解员。</translation>
        </message>
        <message>
            <source>A dispute needs at least %2 parties.</source>
            <translation>纠纷至少应有%2方当事人。</translation>
        </message>
        <message>
            <source>A dispute needs an applicant and a respondent.</source>
            <translation>纠纷须有申请人和被申请人。</translation>
        </message>
        <message>
            <source>%3 is entered twice among the parties.</source>
            <translation>当事人%3重复录入。</translation>
        </message>
        <message>
            <source>%3 attends a booked session and cannot be removed.</source>
            <translation>%3已被安排参加调解，不能删除。</translation>
        </message>
        <message>
            <source>A registered party cannot become somebody else; remove it and add the other party.</source>
            <translation>已登记的当事人不能改为他人；请删除后另行添加。</translation>
        </message>
        <message>
            <source>%3 is no longer active.</source>
            <translation>%3已停用。</translation>
        </message>
        <message>
            <source>The end must come after the start.</source>
            <translation>结束时间须晚于开始时间。</translation>
        </message>
        <message>
            <source>A session lasts at least %2 minutes.</source>
            <translation>每场调解至少%2分钟。</translation>
        </message>
        <message>
            <source>A session lasts at most %4 hours.</source>
            <translation>每场调解最长%4小时。</translation>
        </message>
        <message>
            <source>A session must end on the day it starts.</source>
            <translation>调解须在当天结束。</translation>
        </message>
        <message>
            <source>This time has already passed.</source>
            <translation>该时间已过。</translation>
        </message>
        <message>
            <source>%1 cannot lie in the future.</source>
            <translation>%1不能晚于今天。</translation>
        </message>
        <message>
            <source>%1 cannot be earlier than the agreement.</source>
            <translation>%1不能早于调解协议。</translation>
        </message>
        <message>
            <source>The 30-day window for judicial confirmation closed on %5.</source>
            <translation>申请司法确认的30日期限已于%5届满。</translation>
        </message>
        <message>
            <source>This staff member is already on the roster.</source>
            <translation>该工作人员已在调解员名册中。</translation>
        </message>
    </context>
    <context>
        <name>MediatorDialog</name>
        <message>
            <source>Mediator</source>
            <translation>调解员</translation>
        </message>
        <message>
            <source>e.g. 兼职调解员</source>
            <translation>如 兼职调解员</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>在用</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>姓名(&amp;N)：</translation>
        </message>
        <message>
            <source>&amp;Organisation:</source>
            <translation>所在单位(&amp;O)：</translation>
        </message>
        <message>
            <source>&amp;Title:</source>
            <translation>职务(&amp;T)：</translation>
        </message>
        <message>
            <source>&amp;Phone:</source>
            <translation>电话(&amp;P)：</translation>
        </message>
        <message>
            <source>The name of a staff mediator comes from the user account.</source>
            <translation>专职调解员的姓名取自其用户账号。</translation>
        </message>
    </context>
    <context>
        <name>MediatorsPanel</name>
        <message>
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Organisation</source>
            <translation>所在单位</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>职务</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>在用</translation>
        </message>
        <message>
            <source>Staff mediators are the users with the mediator role; volunteer mediators come from the village committees, the justice office or law firms.</source>
            <translation>专职调解员即角色为调解员的工作人员；兼职调解员来自村（居）调委会、司法所或律师事务所。</translation>
        </message>
        <message>
            <source>&amp;New volunteer…</source>
            <translation>新增兼职调解员(&amp;N)…</translation>
        </message>
        <message>
            <source>&amp;Edit…</source>
            <translation>修改(&amp;E)…</translation>
        </message>
        <message>
            <source>Staff</source>
            <translation>专职</translation>
        </message>
        <message>
            <source>Volunteer</source>
            <translation>兼职</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>no</source>
            <translation>否</translation>
        </message>
        <message>
            <source>Saved: %1.</source>
            <translation>已保存：%1。</translation>
        </message>
    </context>
    <context>
        <name>Messages</name>
        <message>
            <source>Unexpected error: %1</source>
            <translation>发生意外错误：%1</translation>
        </message>
        <message>
            <source>%1 must not be empty.</source>
            <translation>%1不能为空。</translation>
        </message>
        <message>
            <source>%1 must be between %2 and %3.</source>
            <translation>%1应在 %2 至 %3 之间。</translation>
        </message>
        <message>
            <source>The password must have at least %1 characters.</source>
            <translation>密码长度至少为 %1 位。</translation>
        </message>
        <message>
            <source>The password must contain both letters and digits.</source>
            <translation>密码须同时包含字母和数字。</translation>
        </message>
        <message>
            <source>The password must have at most %1 characters.</source>
            <translation>密码最多 %1 个字符。</translation>
        </message>
        <message>
            <source>The password must not contain the user name.</source>
            <translation>密码不能包含用户名。</translation>
        </message>
        <message>
            <source>The new password must differ from the current one.</source>
            <translation>新密码不能与当前密码相同。</translation>
        </message>
        <message>
            <source>%1 has an invalid format.</source>
            <translation>%1格式不正确。</translation>
        </message>
        <message>
            <source>You cannot disable your own account or change your own role.</source>
            <translation>不能停用本人账号，也不能修改本人的角色。</translation>
        </message>
        <message>
            <source>Categories have two levels only.</source>
            <translation>分类只设两级：已有下级分类的一级分类不能再归入其他分类，二级分类下也不能再设分类。</translation>
        </message>
        <message>
            <source>The two passwords differ.</source>
            <translation>两次输入的密码不一致。</translation>
        </message>
        <message>
            <source>The closing time must be after the opening time.</source>
            <translation>下班时间须晚于上班时间。</translation>
        </message>
        <message>
            <source>%1 is too long (at most %2 characters).</source>
            <translation>%1过长（最多 %2 个字符）。</translation>
        </message>
        <message>
            <source>%1 is not valid.</source>
            <translation>%1不符合要求。</translation>
        </message>
        <message>
            <source>Wrong user name or password.</source>
            <translation>用户名或密码错误。</translation>
        </message>
        <message>
            <source>Wrong user name or password. %1 attempts left before the account is locked.</source>
            <translation>用户名或密码错误。再输错 %1 次，账号将被锁定。</translation>
        </message>
        <message>
            <source>This account is locked after too many wrong passwords. Try again after %1.</source>
            <translation>密码错误次数过多，账号已锁定，请于 %1 后再试。</translation>
        </message>
        <message>
            <source>This account is disabled. Ask an administrator.</source>
            <translation>该账号已停用，请联系系统管理员。</translation>
        </message>
        <message>
            <source>The audit log can only be added to; its entries cannot be changed or deleted.</source>
            <translation>审计日志只能追加，其中的记录不能修改或删除。</translation>
        </message>
        <message>
            <source>Your role may not do this.</source>
            <translation>您的角色无权进行此项操作。</translation>
        </message>
        <message>
            <source>%1 “%2” already exists.</source>
            <translation>%1“%2”已存在。</translation>
        </message>
        <message>
            <source>The record was not found (%1 %2). It may have been removed.</source>
            <translation>未找到该记录（%1 %2），可能已被删除。</translation>
        </message>
        <message>
            <source>This record is still in use and cannot be removed.</source>
            <translation>该记录仍在使用中，不能删除。</translation>
        </message>
        <message>
            <source>Someone else changed this record since you opened it. Your input is kept; reload to see their change.</source>
            <translation>在您打开后，该记录已被他人修改。您输入的内容已保留，请重新加载查看对方的修改。</translation>
        </message>
        <message>
            <source>The connection to the database broke while this was being saved, so it is not certain whether it was saved. Your input is kept: check the record once the connection is back before saving it again.</source>
            <translation>保存过程中与数据库的连接中断，无法确定是否已保存。您填写的内容已保留：连接恢复后请先核对记录，再决定是否重新保存。</translation>
        </message>
        <message>
            <source>The database cannot be reached: %1</source>
            <translation>无法连接数据库：%1</translation>
        </message>
        <message>
            <source>The disk of the database is full, so nothing was saved. Your input is kept: free some disk space (or ask the administrator), then save again.</source>
            <translation>数据库所在磁盘已满，本次内容未保存。您填写的内容已保留：请清理磁盘空间（或联系管理员）后再次保存。</translation>
        </message>
        <message>
            <source>The database can only be read at the moment, so nothing was saved. Your input is kept: save again once the administrator has made it writable.</source>
            <translation>数据库当前为只读状态，本次内容未保存。您填写的内容已保留：请待管理员恢复写入权限后再次保存。</translation>
        </message>
        <message>
            <source>This database was written by a newer version of OneStop (schema %1). Install the newer version to open it.</source>
            <translation>该数据库由更高版本的 OneStop 写入（数据结构版本 %1），请安装新版本后再打开。</translation>
        </message>
        <message>
            <source>The document cannot be printed yet; it lacks: %1</source>
            <translation>文书暂不能打印，缺少：%1</translation>
        </message>
        <message>
            <source>The document cannot be printed: %1 is not valid.</source>
            <translation>文书不能打印：%1 不正确。</translation>
        </message>
        <message>
            <source>The document could not be produced: %1</source>
            <translation>文书未能生成：%1</translation>
        </message>
        <message>
            <source>OneStop</source>
            <translation>OneStop</translation>
        </message>
    </context>
    <context>
        <name>NoticeImportDialog</name>
        <message>
            <source>Import the State Council's holiday notice</source>
            <translation>导入国务院办公厅节假日安排通知</translation>
        </message>
        <message>
            <source>Paste the text of 《国务院办公厅关于YYYY年部分节假日安排的通知》 from the government website, or open a saved copy (.txt, .html or .pdf). OneStop reads every holiday's days off and make-up working days and shows them before anything is saved.</source>
            <translation>请从政府网站粘贴《国务院办公厅关于YYYY年部分节假日安排的通知》全文，或打开保存的文件（.txt、.html或.pdf）。系统识别每个节日的放假日和调休上班日，确认后才保存。</translation>
        </message>
        <message>
            <source>&amp;Open file…</source>
            <translation>打开文件(&amp;O)…</translation>
        </message>
        <message>
            <source>Open a saved notice (.txt, .html, .pdf)</source>
            <translation>打开保存的通知（.txt、.html、.pdf）</translation>
        </message>
        <message>
            <source>&amp;Read the notice</source>
            <translation>识别通知(&amp;R)</translation>
        </message>
        <message>
            <source>Read the text and show the year</source>
            <translation>识别文本并显示全年日历</translation>
        </message>
        <message>
            <source>Holiday</source>
            <translation>节日</translation>
        </message>
        <message>
            <source>Days off</source>
            <translation>放假</translation>
        </message>
        <message>
            <source>Make-up working days</source>
            <translation>调休上班</translation>
        </message>
        <message>
            <source>day off</source>
            <translation>放假</translation>
        </message>
        <message>
            <source>make-up working day</source>
            <translation>调休上班</translation>
        </message>
        <message>
            <source>differs from the stored calendar</source>
            <translation>与现有日历不同</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <source>Save the days and make the year official</source>
            <translation>保存这些日期，并将该年设为正式日历</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Open a saved notice</source>
            <translation>打开保存的通知</translation>
        </message>
        <message>
            <source>Notices (*.txt *.html *.htm *.pdf)</source>
            <translation>通知文件 (*.txt *.html *.htm *.pdf)</translation>
        </message>
        <message>
            <source>Read the notice to see its year here.</source>
            <translation>识别通知后在此显示全年日历。</translation>
        </message>
        <message>
            <source>%1: %2 → official (State Council notice)</source>
            <translation>%1年：%2 → 正式日历（国务院办公厅通知）</translation>
        </message>
        <message>
            <source>%1: now %2; saving replaces it with this notice</source>
            <translation>%1年：现为%2；保存后以本通知为准</translation>
        </message>
        <message>
            <source>%1 (%2 days)</source>
            <translation>%1（%2天）</translation>
        </message>
        <message>
            <source>Against the stored calendar: %1 days become days off, %2 become working days, %3 get a new note; %4 are already so.</source>
            <translation>与现有日历相比：%1天改为放假，%2天改为上班，%3天更新备注；%4天已是如此。</translation>
        </message>
        <message>
            <source>Kept as they are (not in the notice): %1</source>
            <translation>保持不变（通知未涉及）：%1</translation>
        </message>
        <message>
            <source>Saving recomputes %1 open deadlines; the director gets the list.</source>
            <translation>保存后将重新计算%1个在办期限，并列出供主任查看。</translation>
        </message>
        <message>
            <source>No open deadline depends on these days.</source>
            <translation>没有在办期限受这些日期影响。</translation>
        </message>
        <message>
            <source>&amp;Save the %1 calendar</source>
            <translation>保存%1年日历(&amp;S)</translation>
        </message>
        <message>
            <source>Read %1 holidays. Check the year, then save.</source>
            <translation>已识别%1个节日。请核对全年日历后保存。</translation>
        </message>
    </context>
    <context>
        <name>Operations</name>
        <message>
            <source>Added</source>
            <translation>新增</translation>
        </message>
        <message>
            <source>Changed</source>
            <translation>修改</translation>
        </message>
        <message>
            <source>Removed</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Event</source>
            <translation>事件</translation>
        </message>
    </context>
    <context>
        <name>PackPage</name>
        <message>
            <source>Record each phrase a call needs, or import a vendor's WAV files named after their phrase (请.wav, A.wav, 0.wav … 9.wav, 10.wav = 十). The pack is kept in the database: every hall display speaks with it once it is complete.</source>
            <translation>逐一录制叫号所需的词语，或导入厂商提供的 WAV 文件（按词语命名：请.wav、A.wav、0.wav … 9.wav，10.wav 即“十”）。语音包保存在数据库中：录齐后，每台叫号屏都用它播报。</translation>
        </message>
        <message>
            <source>Phrase</source>
            <translation>词语</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Length</source>
            <translation>时长</translation>
        </message>
        <message>
            <source>Recorded by</source>
            <translation>录制人</translation>
        </message>
        <message>
            <source>&amp;Record</source>
            <translation>录音(&amp;R)</translation>
        </message>
        <message>
            <source>Record the selected phrase (press again to stop; it stops by itself after 5 seconds)</source>
            <translation>录制选中的词语（再按一次停止；5 秒后自动停止）</translation>
        </message>
        <message>
            <source>&amp;Listen</source>
            <translation>试听(&amp;L)</translation>
        </message>
        <message>
            <source>Play the selected phrase's clip</source>
            <translation>播放选中词语的录音</translation>
        </message>
        <message>
            <source>&amp;Delete clip</source>
            <translation>删除录音(&amp;D)</translation>
        </message>
        <message>
            <source>Import &amp;folder…</source>
            <translation>导入文件夹(&amp;F)…</translation>
        </message>
        <message>
            <source>Import &amp;zip…</source>
            <translation>导入压缩包(&amp;Z)…</translation>
        </message>
        <message>
            <source>E&amp;xport…</source>
            <translation>导出(&amp;X)…</translation>
        </message>
        <message>
            <source>&amp;Microphone:</source>
            <translation>麦克风(&amp;M)：</translation>
        </message>
        <message>
            <source>No microphone found on this PC: import a vendor's WAV files, or record on a PC with a microphone</source>
            <translation>本机未找到麦克风：请导入厂商的 WAV 文件，或在有麦克风的电脑上录制</translation>
        </message>
        <message>
            <source>Missing</source>
            <translation>缺少</translation>
        </message>
        <message>
            <source>Recorded</source>
            <translation>已录制</translation>
        </message>
        <message>
            <source>Imported</source>
            <translation>已导入</translation>
        </message>
        <message>
            <source>%1 s</source>
            <translation>%1 秒</translation>
        </message>
        <message>
            <source>The pack is complete: the hall displays speak with it.</source>
            <translation>语音包已录齐：叫号屏用它播报。</translation>
        </message>
        <message>
            <source>%1 of %2 phrases recorded. The displays use the speech engine until every phrase is there.</source>
            <translation>已录 %1 个词语，共需 %2 个。录齐之前，叫号屏使用语音引擎播报。</translation>
        </message>
        <message>
            <source>Re-&amp;record</source>
            <translation>重录(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Stop</source>
            <translation>停止(&amp;S)</translation>
        </message>
        <message>
            <source>Recording 「%1」: say it now, clearly, then press Stop.</source>
            <translation>正在录制「%1」：请清楚地说出这个词语，然后按“停止”。</translation>
        </message>
        <message>
            <source>「%1」 saved (%2 s). Listen to it; record it again if it is not clear.</source>
            <translation>「%1」已保存（%2 秒）。请试听，不清楚就重录。</translation>
        </message>
        <message>
            <source>The clip of 「%1」 is deleted.</source>
            <translation>「%1」的录音已删除。</translation>
        </message>
        <message>
            <source>The folder of the voice pack</source>
            <translation>语音包所在的文件夹</translation>
        </message>
        <message>
            <source>The voice pack (.zip)</source>
            <translation>语音包（.zip）</translation>
        </message>
        <message>
            <source>Zip files (*.zip)</source>
            <translation>压缩包 (*.zip)</translation>
        </message>
        <message>
            <source>%1 clips imported.</source>
            <translation>已导入 %1 段录音。</translation>
        </message>
        <message>
            <source>Not imported: %1</source>
            <translation>未导入：%1</translation>
        </message>
        <message>
            <source>not a WAV file</source>
            <translation>不是 WAV 文件</translation>
        </message>
        <message>
            <source>silent</source>
            <translation>无声音</translation>
        </message>
        <message>
            <source>too long</source>
            <translation>太长</translation>
        </message>
        <message>
            <source>name is not a phrase</source>
            <translation>文件名不是词语</translation>
        </message>
        <message>
            <source>Save the voice pack</source>
            <translation>保存语音包</translation>
        </message>
        <message>
            <source>The pack is saved as %1.</source>
            <translation>语音包已保存为 %1。</translation>
        </message>
    </context>
    <context>
        <name>PartyDialog</name>
        <message>
            <source>Party</source>
            <translation>当事人</translation>
        </message>
        <message>
            <source>Find by ID number, phone or name</source>
            <translation>按身份证号码、电话或姓名查找</translation>
        </message>
        <message>
            <source>18 characters</source>
            <translation>18位</translation>
        </message>
        <message>
            <source>Find</source>
            <translation>查找</translation>
        </message>
        <message>
            <source>Look up:</source>
            <translation>查找：</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>名称(&amp;N)：</translation>
        </message>
        <message>
            <source>&amp;ID number:</source>
            <translation>身份证号码(&amp;I)：</translation>
        </message>
        <message>
            <source>Full &amp;name:</source>
            <translation>姓名(&amp;N)：</translation>
        </message>
        <message>
            <source>&amp;Phone:</source>
            <translation>电话(&amp;P)：</translation>
        </message>
        <message>
            <source>&amp;Village or community:</source>
            <translation>村（社区）(&amp;V)：</translation>
        </message>
        <message>
            <source>&amp;Address:</source>
            <translation>住址(&amp;A)：</translation>
        </message>
        <message>
            <source>Credit &amp;code:</source>
            <translation>信用代码(&amp;C)：</translation>
        </message>
        <message>
            <source>&amp;Legal representative:</source>
            <translation>法定代表人(&amp;L)：</translation>
        </message>
        <message>
            <source>Representative</source>
            <translation>代理人</translation>
        </message>
        <message>
            <source>Kind:</source>
            <translation>类型：</translation>
        </message>
        <message>
            <source>Name:</source>
            <translation>姓名：</translation>
        </message>
        <message>
            <source>Phone:</source>
            <translation>电话：</translation>
        </message>
        <message>
            <source>Side:</source>
            <translation>身份：</translation>
        </message>
        <message>
            <source>Nobody found; type the person's details.</source>
            <translation>未找到，请录入当事人信息。</translation>
        </message>
    </context>
    <context>
        <name>PerformanceDialog</name>
        <message>
            <source>Performance of term %1</source>
            <translation>第%1项履行情况</translation>
        </message>
        <message>
            <source>State:</source>
            <translation>履行情况：</translation>
        </message>
        <message>
            <source>On:</source>
            <translation>日期：</translation>
        </message>
        <message>
            <source>Note:</source>
            <translation>备注：</translation>
        </message>
    </context>
    <context>
        <name>PeriodPicker</name>
        <message>
            <source>%1, week %2 (%3 to %4)</source>
            <translation>%1年第%2周（%3—%4）</translation>
        </message>
        <message>
            <source>%1-%2</source>
            <comment>year-month</comment>
            <translation>%1年%2月</translation>
        </message>
        <message>
            <source>Year %1</source>
            <translation>%1年</translation>
        </message>
        <message>
            <source>%1 (so far)</source>
            <translation>%1（截至今天）</translation>
        </message>
    </context>
    <context>
        <name>PersonFields</name>
        <message>
            <source>ID number, phone or name — Enter looks it up</source>
            <translation>身份证号、电话或姓名，按回车查找</translation>
        </message>
        <message>
            <source>18 characters</source>
            <translation>18 位</translation>
        </message>
        <message>
            <source>&amp;Look up:</source>
            <translation>查找(&amp;L)：</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>姓名(&amp;N)：</translation>
        </message>
        <message>
            <source>&amp;ID number:</source>
            <translation>身份证号(&amp;I)：</translation>
        </message>
        <message>
            <source>P&amp;hone:</source>
            <translation>电话(&amp;H)：</translation>
        </message>
        <message>
            <source>Nobody found: fill in the new person.</source>
            <translation>未找到此人，请填写新来访人。</translation>
        </message>
        <message>
            <source>%1 (stored)</source>
            <translation>%1（已存）</translation>
        </message>
        <message>
            <source>%1 found.</source>
            <translation>已找到%1。</translation>
        </message>
    </context>
    <context>
        <name>PersonHistoryDialog</name>
        <message>
            <source>All matters of a person</source>
            <translation>一人一档</translation>
        </message>
        <message>
            <source>ID number, phone or name — Enter opens the person</source>
            <translation>身份证号、电话或姓名，按回车打开</translation>
        </message>
        <message>
            <source>Matter</source>
            <translation>事项编号</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Summary</source>
            <translation>事项摘要</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Registered</source>
            <translation>登记时间</translation>
        </message>
        <message>
            <source>Current step</source>
            <translation>当前环节</translation>
        </message>
        <message>
            <source>Cases</source>
            <translation>案件编号</translation>
        </message>
        <message>
            <source>Visit (ticket)</source>
            <translation>来访号票</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Person:</source>
            <translation>来访人：</translation>
        </message>
        <message>
            <source>Nobody is registered with “%1”.</source>
            <translation>没有登记过“%1”。</translation>
        </message>
        <message>
            <source>All matters of %1</source>
            <translation>一人一档 — %1</translation>
        </message>
        <message>
            <source>%1 matters, %2 of them in progress.</source>
            <translation>共 %1 件事项，其中 %2 件办理中。</translation>
        </message>
    </context>
    <context>
        <name>PetitionMessages</name>
        <message>
            <source>An ID number has 18 characters; this one has %1.</source>
            <translation>身份证号码应为18位，当前为%1位。</translation>
        </message>
        <message>
            <source>An ID number is 17 digits followed by a digit or X.</source>
            <translation>身份证号码应为17位数字加1位数字或X。</translation>
        </message>
        <message>
            <source>The ID number contains characters that are not digits (%2): type it with the digits 0–9 and X.</source>
            <translation>身份证号码含有非数字字符（%2）：请用数字0–9和X输入。</translation>
        </message>
        <message>
            <source>The check character of the ID number does not match: please check every digit.</source>
            <translation>身份证号码校验位不符，请逐位核对。</translation>
        </message>
        <message>
            <source>The birth date in the ID number is impossible.</source>
            <translation>身份证号码中的出生日期不存在。</translation>
        </message>
        <message>
            <source>The ID number does not start with a known province code.</source>
            <translation>身份证号码的省级行政区划代码不存在。</translation>
        </message>
        <message>
            <source>Choose a category of the second level.</source>
            <translation>请选择二级类别。</translation>
        </message>
        <message>
            <source>The same person is listed twice: %v.</source>
            <translation>同一人被重复添加：%v。</translation>
        </message>
        <message>
            <source>The file %file is empty.</source>
            <translation>文件 %file 为空。</translation>
        </message>
        <message>
            <source>The file %file is larger than %max MB.</source>
            <translation>文件 %file 超过 %max MB。</translation>
        </message>
        <message>
            <source>%f cannot be in the future.</source>
            <translation>%f不能晚于今天。</translation>
        </message>
        <message>
            <source>%f cannot be in the past.</source>
            <translation>%f不能早于今天。</translation>
        </message>
        <message>
            <source>The meeting cannot be before the acceptance (%v).</source>
            <translation>见面日期不能早于受理日期（%v）。</translation>
        </message>
        <message>
            <source>The hearing cannot end before it starts.</source>
            <translation>听证结束日期不能早于开始日期。</translation>
        </message>
        <message>
            <source>%v is no longer active.</source>
            <translation>%v已停用。</translation>
        </message>
        <message>
            <source>%v works in another department.</source>
            <translation>%v属于其他单位。</translation>
        </message>
        <message>
            <source>%f: “%v” is not one of the choices.</source>
            <translation>%f：“%v”不是可选项。</translation>
        </message>
        <message>
            <source>Not a Chinese mobile number (11 digits from 13 to 19) or a landline with its area code (such as 0512-65551234).</source>
            <translation>不是有效的手机号码（以13至19开头的11位数字）或带区号的固定电话（如 0512-65551234）。</translation>
        </message>
        <message>
            <source>The period to object ended on %1.</source>
            <translation>提出异议的期限已于%1届满。</translation>
        </message>
        <message>
            <source>A review could be requested until %1; that time has passed.</source>
            <translation>请求复查（复核）的期限至%1，已经届满。</translation>
        </message>
        <message>
            <source>This step does not follow from where case %1 stands now. Reload the case to see its current state.</source>
            <translation>案件%1当前状态下不能进行此步骤。请刷新查看案件最新状态。</translation>
        </message>
        <message>
            <source>The petitioner already has a case in progress (%1). Record a repeat visit on it, or give the reason why this is a new matter.</source>
            <translation>该信访人有正在办理的事项（%1）。请记为该件的重复来访，或填写另立新案的理由。</translation>
        </message>
        <message>
            <source>This matter was settled by re-examination (复核) in case %1 and is not accepted again. Record the visit on that case.</source>
            <translation>该事项已经复核（%1），同一事实和理由不再受理。请在该件记录本次来访。</translation>
        </message>
        <message>
            <source>Case %1 is with %2: only that department or a supervisor may do this.</source>
            <translation>案件%1由%2办理，只有该单位或督办人员可以进行此操作。</translation>
        </message>
        <message>
            <source>Case %1 already has an extension request or extension; a case is extended once.</source>
            <translation>案件%1已申请或已获延期，每件只能延期一次。</translation>
        </message>
        <message>
            <source>This document does not apply to case %1 as it stands.</source>
            <translation>案件%1当前状态不适用此文书。</translation>
        </message>
        <message>
            <source>Petitioner %1: </source>
            <translation>第%1位信访人：</translation>
        </message>
    </context>
    <context>
        <name>Petitions</name>
        <message>
            <source>Registered</source>
            <translation>已登记</translation>
        </message>
        <message>
            <source>Assigned</source>
            <translation>已转办</translation>
        </message>
        <message>
            <source>Objected, to reassign</source>
            <translation>异议退回待重新交办</translation>
        </message>
        <message>
            <source>Met</source>
            <translation>已见面</translation>
        </message>
        <message>
            <source>Handling</source>
            <translation>办理中</translation>
        </message>
        <message>
            <source>Replied</source>
            <translation>已答复</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>已办结</translation>
        </message>
        <message>
            <source>Not accepted</source>
            <translation>不予受理</translation>
        </message>
        <message>
            <source>Withdrawn</source>
            <translation>已撤回</translation>
        </message>
        <message>
            <source>Petition</source>
            <translation>信访事项</translation>
        </message>
        <message>
            <source>Review (复查)</source>
            <translation>复查</translation>
        </message>
        <message>
            <source>Re-examination (复核)</source>
            <translation>复核</translation>
        </message>
        <message>
            <source>Walk-in</source>
            <translation>走访</translation>
        </message>
        <message>
            <source>Letter</source>
            <translation>来信</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>来电</translation>
        </message>
        <message>
            <source>12345 hotline</source>
            <translation>12345</translation>
        </message>
        <message>
            <source>Grid report</source>
            <translation>网格上报</translation>
        </message>
        <message>
            <source>Online</source>
            <translation>网上</translation>
        </message>
        <message>
            <source>Receive (接)</source>
            <translation>接（登记）</translation>
        </message>
        <message>
            <source>Assign (转)</source>
            <translation>转（受理交办）</translation>
        </message>
        <message>
            <source>Object: not ours</source>
            <translation>异议退回</translation>
        </message>
        <message>
            <source>Meet (见)</source>
            <translation>见（见面）</translation>
        </message>
        <message>
            <source>Handle (办)</source>
            <translation>办（办理）</translation>
        </message>
        <message>
            <source>Conclude (结)</source>
            <translation>结（答复）</translation>
        </message>
        <message>
            <source>Follow up (访)</source>
            <translation>访（回访）</translation>
        </message>
        <message>
            <source>Withdraw</source>
            <translation>撤回</translation>
        </message>
        <message>
            <source>Edit registration</source>
            <translation>修改登记</translation>
        </message>
        <message>
            <source>Request extension</source>
            <translation>申请延期</translation>
        </message>
        <message>
            <source>Decide extension</source>
            <translation>延期审批</translation>
        </message>
        <message>
            <source>Hearing</source>
            <translation>听证</translation>
        </message>
        <message>
            <source>Supervise (督办)</source>
            <translation>督办</translation>
        </message>
        <message>
            <source>Answer supervision</source>
            <translation>督办回复</translation>
        </message>
        <message>
            <source>Request review</source>
            <translation>申请复查/复核</translation>
        </message>
        <message>
            <source>Repeat visit</source>
            <translation>重复来访</translation>
        </message>
        <message>
            <source>Add attachment</source>
            <translation>添加附件</translation>
        </message>
        <message>
            <source>Deadline recomputed (calendar)</source>
            <translation>期限重算（日历调整）</translation>
        </message>
        <message>
            <source>Very satisfied</source>
            <translation>非常满意</translation>
        </message>
        <message>
            <source>Satisfied</source>
            <translation>满意</translation>
        </message>
        <message>
            <source>Basically satisfied</source>
            <translation>基本满意</translation>
        </message>
        <message>
            <source>Dissatisfied</source>
            <translation>不满意</translation>
        </message>
        <message>
            <source>Very dissatisfied</source>
            <translation>非常不满意</translation>
        </message>
        <message>
            <source>By phone</source>
            <translation>电话回访</translation>
        </message>
        <message>
            <source>Home visit</source>
            <translation>上门回访</translation>
        </message>
        <message>
            <source>By letter</source>
            <translation>信函回访</translation>
        </message>
        <message>
            <source>Acceptance notice</source>
            <translation>告知是否受理</translation>
        </message>
        <message>
            <source>Conclusion</source>
            <translation>办结</translation>
        </message>
        <message>
            <source>Follow-up</source>
            <translation>回访</translation>
        </message>
        <message>
            <source>same person</source>
            <translation>同一人</translation>
        </message>
        <message>
            <source>same ID number</source>
            <translation>身份证号相同</translation>
        </message>
        <message>
            <source>same phone</source>
            <translation>电话相同</translation>
        </message>
        <message>
            <source>same name and village</source>
            <translation>姓名、村（社区）相同</translation>
        </message>
        <message>
            <source>similar content</source>
            <translation>内容相似</translation>
        </message>
        <message>
            <source>Registration receipt</source>
            <translation>登记回执</translation>
        </message>
        <message>
            <source>Acceptance notice (受理告知书)</source>
            <translation>受理告知书</translation>
        </message>
        <message>
            <source>Non-acceptance notice (不予受理告知书)</source>
            <translation>不予受理告知书</translation>
        </message>
        <message>
            <source>Written reply (答复意见书)</source>
            <translation>答复意见书</translation>
        </message>
        <message>
            <source>male</source>
            <translation>男</translation>
        </message>
        <message>
            <source>female</source>
            <translation>女</translation>
        </message>
        <message>
            <source>Overdue %1 d</source>
            <translation>超期 %1 天</translation>
        </message>
        <message>
            <source>Due today</source>
            <translation>今日到期</translation>
        </message>
        <message>
            <source>Due in %1 d</source>
            <translation>%1 天后到期</translation>
        </message>
        <message>
            <source>%1 d left</source>
            <translation>剩 %1 天</translation>
        </message>
        <message>
            <source>Clock</source>
            <translation>时限</translation>
        </message>
        <message>
            <source>Case number</source>
            <translation>案件编号</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>登记时间</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>Petitioners</source>
            <translation>信访人</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>村（社区）</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>责任单位</translation>
        </message>
        <message>
            <source>Handler</source>
            <translation>经办人</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>期限</translation>
        </message>
        <message>
            <source>Flags</source>
            <translation>标记</translation>
        </message>
        <message>
            <source>repeat ×%1</source>
            <translation>重复来访×%1</translation>
        </message>
        <message>
            <source>supervised</source>
            <translation>督办中</translation>
        </message>
        <message>
            <source>Petitions</source>
            <translation>信访事项</translation>
        </message>
    </context>
    <context>
        <name>PetitionsArea</name>
        <message>
            <source>My cases</source>
            <translation>我的案件</translation>
        </message>
        <message>
            <source>My department</source>
            <translation>本单位</translation>
        </message>
        <message>
            <source>Due soon</source>
            <translation>即将到期</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>已超期</translation>
        </message>
        <message>
            <source>All cases</source>
            <translation>全部案件</translation>
        </message>
        <message>
            <source>Director's board</source>
            <translation>督办看板</translation>
        </message>
        <message>
            <source>Registered %1. Query code for the petitioner: %2</source>
            <translation>已登记 %1。信访人查询码：%2</translation>
        </message>
        <message>
            <source>Repeat visit recorded on %1 (visit %2).</source>
            <translation>已在 %1 记录重复来访（第 %2 次）。</translation>
        </message>
        <message>
            <source>The matter was settled by 复核 and is not accepted again.</source>
            <translation>该事项已经复核，不再受理。</translation>
        </message>
    </context>
    <context>
        <name>PrinterPage</name>
        <message>
            <source>The kiosk's ticket printer</source>
            <translation>取号机的号票打印机</translation>
        </message>
        <message>
            <source>System printer (with its driver)</source>
            <translation>系统打印机（已装驱动）</translation>
        </message>
        <message>
            <source>80 mm ESC/POS printer on USB</source>
            <translation>80 毫米 ESC/POS 打印机（USB）</translation>
        </message>
        <message>
            <source>80 mm ESC/POS printer on a serial port</source>
            <translation>80 毫米 ESC/POS 打印机（串口）</translation>
        </message>
        <message>
            <source>80 mm ESC/POS printer on the network</source>
            <translation>80 毫米 ESC/POS 打印机（网络）</translation>
        </message>
        <message>
            <source>No printer (the ticket is shown and saved as a PDF)</source>
            <translation>不接打印机（号码显示在屏幕上，号票存为 PDF）</translation>
        </message>
        <message>
            <source>Printer:</source>
            <translation>打印机：</translation>
        </message>
        <message>
            <source>USB ID (vendor:product):</source>
            <translation>USB 编号（厂商:产品）：</translation>
        </message>
        <message>
            <source>Shown by lsusb, or in the printer's self-test print. The .deb lets the signed-in user reach USB printers.</source>
            <translation>可用 lsusb 查看，或见打印机自检页。安装包已允许登录的用户使用 USB 打印机。</translation>
        </message>
        <message>
            <source>Serial port:</source>
            <translation>串口：</translation>
        </message>
        <message>
            <source>Baud rate:</source>
            <translation>波特率：</translation>
        </message>
        <message>
            <source>Address:</source>
            <translation>地址：</translation>
        </message>
        <message>
            <source>Port:</source>
            <translation>端口：</translation>
        </message>
        <message>
            <source>The kiosk shows the number large on screen and saves the ticket as a PDF in the data folder.</source>
            <translation>取号机在屏幕上大字显示号码，号票存为 PDF 放在数据文件夹中。</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <source>Save the kiosk's printer</source>
            <translation>保存取号机的打印机</translation>
        </message>
        <message>
            <source>Print a &amp;test ticket</source>
            <translation>打印测试号票(&amp;T)</translation>
        </message>
        <message>
            <source>Print a test ticket from this PC with the printer chosen above</source>
            <translation>用上面选的打印机从本机打印一张测试号票</translation>
        </message>
        <message>
            <source>&amp;Printer:</source>
            <translation>打印机(&amp;P)：</translation>
        </message>
        <message>
            <source>The test ticket</source>
            <translation>测试号票</translation>
        </message>
        <message>
            <source>The default printer (%1)</source>
            <translation>默认打印机（%1）</translation>
        </message>
        <message>
            <source>The default printer (none yet)</source>
            <translation>默认打印机（尚未设置）</translation>
        </message>
        <message>
            <source>Saved. The kiosk prints on it from its next ticket.</source>
            <translation>已保存。取号机从下一张号票起使用它打印。</translation>
        </message>
        <message>
            <source>Printer test</source>
            <translation>打印测试</translation>
        </message>
        <message>
            <source>Printing the test ticket…</source>
            <translation>正在打印测试号票…</translation>
        </message>
        <message>
            <source>The test ticket went to %1. Check the paper: the number large, the Chinese text readable, the QR code, and the cut.</source>
            <translation>测试号票已发送到 %1。请查看纸上：号码是否为大字、中文是否清楚、有无二维码、是否切纸。</translation>
        </message>
        <message>
            <source>%1 is out of paper. The kiosk would still issue the ticket and show the number.</source>
            <translation>%1 缺纸。取号机仍会发号，并在屏幕上显示号码。</translation>
        </message>
        <message>
            <source>%1 does not answer (%2). Check the cable or the address, that it is switched on, and that this PC may use it. The kiosk would still issue the ticket and show the number.</source>
            <translation>%1 没有响应（%2）。请检查连线或地址、是否开机、本机是否有权使用它。取号机仍会发号，并在屏幕上显示号码。</translation>
        </message>
        <message>
            <source>The printer</source>
            <translation>打印机</translation>
        </message>
        <message>
            <source>No printer: the test ticket is saved as %1.</source>
            <translation>不接打印机：测试号票已存为 %1。</translation>
        </message>
    </context>
    <context>
        <name>ProgressLookup</name>
        <message>
            <source>Progress of my matter</source>
            <translation>查询办理进度</translation>
        </message>
        <message>
            <source>Look up the progress of your matter</source>
            <translation>查询事项办理进度</translation>
        </message>
        <message>
            <source>Matter number: scan the QR code on your paper, or type its digits</source>
            <translation>事项编号：请扫描回执上的二维码，或输入编号中的数字</translation>
        </message>
        <message>
            <source>Last 4 digits of the phone you gave us</source>
            <translation>登记时所留手机号的后四位</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>返回</translation>
        </message>
        <message>
            <source>Please enter the matter number first.</source>
            <translation>请先输入事项编号</translation>
        </message>
        <message>
            <source>Please enter the last 4 digits of your phone.</source>
            <translation>请输入手机号后四位</translation>
        </message>
        <message>
            <source>Looking it up, one moment…</source>
            <translation>正在查询，请稍候…</translation>
        </message>
    </context>
    <context>
        <name>ProgressPage</name>
        <message>
            <source>Window matter</source>
            <translation>窗口事项</translation>
        </message>
        <message>
            <source>Petition</source>
            <translation>信访</translation>
        </message>
        <message>
            <source>Dispute mediation</source>
            <translation>矛盾纠纷调解</translation>
        </message>
        <message>
            <source>12345 work order</source>
            <translation>12345工单</translation>
        </message>
        <message>
            <source>Back to the start</source>
            <translation>返回首页</translation>
        </message>
        <message>
            <source>Matter %1 · %2</source>
            <translation>事项 %1 · %2</translation>
        </message>
        <message>
            <source>%1 · registered on %2</source>
            <translation>%1 · %2 登记</translation>
        </message>
        <message>
            <source>Concluded on %1.</source>
            <translation>已于 %1 办结</translation>
        </message>
        <message>
            <source>Being handled.</source>
            <translation>正在办理中</translation>
        </message>
        <message>
            <source>Now: %1, handled by %2.</source>
            <translation>当前：%1，由%2办理</translation>
        </message>
        <message>
            <source>Now: %1, handled by %2, to be done by %3.</source>
            <translation>当前：%1，由%2办理，办理期限 %3</translation>
        </message>
        <message>
            <source>being handled now</source>
            <translation>正在办理</translation>
        </message>
        <message>
            <source>since %1</source>
            <translation>%1 起</translation>
        </message>
        <message>
            <source>due %1</source>
            <translation>期限 %1</translation>
        </message>
        <message>
            <source>Your rating of the result: %1. Thank you!</source>
            <translation>您对办理结果的评价：%1。谢谢您！</translation>
        </message>
        <message>
            <source>How satisfied are you with the result? Touch one:</source>
            <translation>您对办理结果满意吗？请点选：</translation>
        </message>
        <message>
            <source>Once it is concluded you can rate the result here.</source>
            <translation>事项办结后，可在这里评价办理结果</translation>
        </message>
        <message>
            <source>Saving your rating, one moment…</source>
            <translation>正在保存您的评价，请稍候…</translation>
        </message>
    </context>
    <context>
        <name>QueueArea</name>
        <message>
            <source>My window</source>
            <translation>我的窗口</translation>
        </message>
        <message>
            <source>Live queue</source>
            <translation>实时队列</translation>
        </message>
    </context>
    <context>
        <name>QueueLabels</name>
        <message>
            <source>Waiting</source>
            <translation>等候中</translation>
        </message>
        <message>
            <source>Called</source>
            <translation>已呼叫</translation>
        </message>
        <message>
            <source>Being served</source>
            <translation>办理中</translation>
        </message>
        <message>
            <source>Finished</source>
            <translation>已办结</translation>
        </message>
        <message>
            <source>No-show</source>
            <translation>过号</translation>
        </message>
        <message>
            <source>Idle</source>
            <translation>空闲</translation>
        </message>
        <message>
            <source>Calling</source>
            <translation>叫号中</translation>
        </message>
        <message>
            <source>Serving</source>
            <translation>办理中</translation>
        </message>
        <message>
            <source>Paused</source>
            <translation>暂停</translation>
        </message>
        <message>
            <source>Nobody signed in</source>
            <translation>无人在岗</translation>
        </message>
        <message>
            <source>Very satisfied</source>
            <translation>非常满意</translation>
        </message>
        <message>
            <source>Satisfied</source>
            <translation>满意</translation>
        </message>
        <message>
            <source>Basically satisfied</source>
            <translation>基本满意</translation>
        </message>
        <message>
            <source>Dissatisfied</source>
            <translation>不满意</translation>
        </message>
        <message>
            <source>Very dissatisfied</source>
            <translation>非常不满意</translation>
        </message>
        <message>
            <source>To the front</source>
            <translation>排到最前</translation>
        </message>
        <message>
            <source>To the end</source>
            <translation>排到最后</translation>
        </message>
        <message>
            <source>In its original order</source>
            <translation>按原顺序</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>待回访</translation>
        </message>
        <message>
            <source>Answered</source>
            <translation>已答复</translation>
        </message>
        <message>
            <source>%1 min</source>
            <translation>%1 分钟</translation>
        </message>
        <message>
            <source>%1 h %2 min</source>
            <translation>%1 小时 %2 分</translation>
        </message>
    </context>
    <context>
        <name>QueueMessages</name>
        <message>
            <source>window %1</source>
            <translation>%1号窗口</translation>
        </message>
        <message>
            <source>This service is not offered at the moment.</source>
            <translation>该事项暂停办理。</translation>
        </message>
        <message>
            <source>The appointment time has already passed.</source>
            <translation>预约时间已过。</translation>
        </message>
        <message>
            <source>The center is closed on that day.</source>
            <translation>该日为非工作日，中心不办公。</translation>
        </message>
        <message>
            <source>The appointment time is outside opening hours.</source>
            <translation>预约时间不在办公时间内。</translation>
        </message>
        <message>
            <source>Choose either a service or a window to transfer to.</source>
            <translation>请选择要转往的事项或窗口（二选一）。</translation>
        </message>
        <message>
            <source>The ticket is already at this window.</source>
            <translation>该号已在本窗口。</translation>
        </message>
        <message>
            <source>The matter is still being handled: its result can be rated once it is concluded.</source>
            <translation>事项还在办理中，办结后才能评价办理结果</translation>
        </message>
        <message>
            <source>This appointment was already checked in or cancelled.</source>
            <translation>该预约已签到或已取消。</translation>
        </message>
        <message>
            <source>The center is closed today. Tickets are issued on working days, %1–%2.</source>
            <translation>今日中心不办公。取号时间为工作日 %1–%2。</translation>
        </message>
        <message>
            <source>Tickets are issued during opening hours, %1–%2.</source>
            <translation>取号时间为 %1–%2，现在不在办公时间内。</translation>
        </message>
        <message>
            <source>Ticket %1 is not at this window.</source>
            <translation>%1 不在本窗口。</translation>
        </message>
        <message>
            <source>Ticket %1 is held by %2, not by this window.</source>
            <translation>%1 正由%2办理，不在本窗口。</translation>
        </message>
        <message>
            <source>%1 can be marked as a no-show only after every call: recall it (F2) %2 more time(s) first.</source>
            <translation>须呼叫满规定次数后才能过号：请先再重呼（F2）%1 %2 次。</translation>
        </message>
        <message>
            <source>Give the visitor of %1 time to come: a no-show can be marked in %2 seconds.</source>
            <translation>请给 %1 的群众留出到窗口的时间：%2 秒后方可过号。</translation>
        </message>
        <message>
            <source>No window is assigned to your account. Ask an administrator to assign one.</source>
            <translation>您的账号未分配窗口，请联系管理员分配。</translation>
        </message>
        <message>
            <source>Window %1 is inactive or serves no service. Ask an administrator to assign its services.</source>
            <translation>%1号窗口已停用或未分配办理事项，请联系管理员设置。</translation>
        </message>
        <message>
            <source>Window %1 is paused. Resume it (F6) before calling.</source>
            <translation>%1号窗口已暂停，请先恢复（F6）再叫号。</translation>
        </message>
        <message>
            <source>%1 is still at the window. Finish it (F5), mark it as a no-show (F3) or transfer it (F4) first.</source>
            <translation>%1 尚未处理完毕：请先办结（F5）、过号（F3）或转移（F4）。</translation>
        </message>
        <message>
            <source>Ticket %1 is %2: this cannot be done now.</source>
            <translation>%1 当前状态为“%2”，不能进行此操作。</translation>
        </message>
        <message>
            <source>%1 has been called %2 times, the most allowed. Mark it as a no-show (F3).</source>
            <translation>%1 已呼叫 %2 次，达到上限，请按过号（F3）处理。</translation>
        </message>
        <message>
            <source>%1 was called a moment ago. It can be called again in %2 seconds.</source>
            <translation>%1 刚刚呼叫过，%2 秒后才能重呼。</translation>
        </message>
        <message>
            <source>All numbers of service %1 are used today. Please ask at window 1.</source>
            <translation>%1 类事项今日号码已用完，请到1号窗口咨询。</translation>
        </message>
        <message>
            <source>No appointment today has the code %1. Please check the code or ask at window 1.</source>
            <translation>今日没有签到码为 %1 的预约，请核对签到码或到1号窗口咨询。</translation>
        </message>
        <message>
            <source>This appointment is already checked in: your number is %1.</source>
            <translation>该预约已签到，您的号码是 %1。</translation>
        </message>
        <message>
            <source>%1 has already been rated.</source>
            <translation>%1 已评价过。</translation>
        </message>
        <message>
            <source>“%1” has no window today, so no ticket can be taken for it. Please ask at window 1.</source>
            <translation>「%1」今天没有办理窗口，暂不能取号。请到 1 号窗口咨询。</translation>
        </message>
        <message>
            <source>Nobody is at the window for “%1” right now, so no ticket can be taken for it. Please ask at window 1.</source>
            <translation>「%1」窗口现在没有工作人员，暂不能取号。请到 1 号窗口咨询。</translation>
        </message>
        <message>
            <source>The matter number or the last 4 digits of the phone are not right. Please check them and try again.</source>
            <translation>事项编号或手机号后四位不对，请核对后再试</translation>
        </message>
        <message>
            <source>Too many tries. Please try again after %1 or ask at a window.</source>
            <translation>尝试次数过多，请 %1 后再试或到窗口咨询</translation>
        </message>
    </context>
    <context>
        <name>RatingWidget</name>
        <message>
            <source>Please rate our service for ticket %1</source>
            <translation>请对 %1 号的办理服务进行评价</translation>
        </message>
        <message>
            <source>Key %1</source>
            <translation>按键 %1</translation>
        </message>
        <message>
            <source>Skip (Esc)</source>
            <translation>不评价（Esc）</translation>
        </message>
        <message>
            <source>The visitor does not rate (Esc)</source>
            <translation>群众不评价（Esc）</translation>
        </message>
        <message>
            <source>Your rating goes to the center's director. Thank you.</source>
            <translation>您的评价将直接送达中心主任，感谢您的监督。</translation>
        </message>
    </context>
    <context>
        <name>RatingWindow</name>
        <message>
            <source>Rate our service</source>
            <translation>服务评价</translation>
        </message>
    </context>
    <context>
        <name>RecordsDialog</name>
        <message>
            <source>Records behind the figure</source>
            <translation>指标明细</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>正在加载…</translation>
        </message>
        <message>
            <source>&amp;Export to Excel…</source>
            <translation>导出到 Excel(&amp;E)…</translation>
        </message>
        <message>
            <source>Save this list as an Excel workbook (Ctrl+E)</source>
            <translation>将本清单保存为 Excel 工作簿（Ctrl+E）</translation>
        </message>
        <message>
            <source>The list could not be loaded.</source>
            <translation>清单加载失败。</translation>
        </message>
        <message numerus="yes">
            <source>%n record(s)</source>
            <translation>
                <numerusform>共 %n 条记录</numerusform>
            </translation>
        </message>
        <message>
            <source>Export to Excel</source>
            <translation>导出到 Excel</translation>
        </message>
        <message>
            <source>Excel workbooks (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <source>Saved to %1</source>
            <translation>已保存到 %1</translation>
        </message>
    </context>
    <context>
        <name>RegistrationDialog</name>
        <message>
            <source>Correct registration — %1</source>
            <translation>更正登记 — %1</translation>
        </message>
        <message>
            <source>Register a dispute</source>
            <translation>纠纷登记</translation>
        </message>
        <message>
            <source>The referring body, e.g. 虎丘派出所</source>
            <translation>移送单位，如 虎丘派出所</translation>
        </message>
        <message>
            <source>One line, e.g. 宅基地边界纠纷</source>
            <translation>一句话，如 宅基地边界纠纷</translation>
        </message>
        <message>
            <source>Side</source>
            <translation>身份</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>ID number / credit code</source>
            <translation>身份证号码／信用代码</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Representative</source>
            <translation>代理人</translation>
        </message>
        <message>
            <source>&amp;Type:</source>
            <translation>纠纷类型(&amp;T)：</translation>
        </message>
        <message>
            <source>&amp;Source:</source>
            <translation>案件来源(&amp;S)：</translation>
        </message>
        <message>
            <source>S&amp;ubject:</source>
            <translation>案由(&amp;U)：</translation>
        </message>
        <message>
            <source>&lt;b&gt;Parties&lt;/b&gt; (at least one applicant and one respondent)</source>
            <translation>&lt;b&gt;当事人&lt;/b&gt;（至少一名申请人和一名被申请人）</translation>
        </message>
        <message>
            <source>Add &amp;applicant…</source>
            <translation>添加申请人(&amp;A)…</translation>
        </message>
        <message>
            <source>Add res&amp;pondent…</source>
            <translation>添加被申请人(&amp;P)…</translation>
        </message>
        <message>
            <source>Add &amp;organisation…</source>
            <translation>添加单位(&amp;O)…</translation>
        </message>
        <message>
            <source>&amp;Edit…</source>
            <translation>修改(&amp;E)…</translation>
        </message>
        <message>
            <source>&amp;Remove…</source>
            <translation>删除(&amp;R)…</translation>
        </message>
        <message>
            <source>From queue ticket %1 (%2 %3)</source>
            <translation>来自排队 %1号（%2 %3）</translation>
        </message>
        <message>
            <source>From a queue ticket</source>
            <translation>来自排队取号</translation>
        </message>
        <message>
            <source>Remove party</source>
            <translation>删除当事人</translation>
        </message>
        <message>
            <source>Remove %1 (%2) from the parties of this dispute?</source>
            <translation>确定从本纠纷的当事人中删除%1（%2）吗？</translation>
        </message>
        <message>
            <source>&amp;Facts:</source>
            <translation>纠纷事实(&amp;F)：</translation>
        </message>
        <message>
            <source>Disputed &amp;matters and requests:</source>
            <translation>争议事项及申请事项(&amp;M)：</translation>
        </message>
        <message>
            <source>Me&amp;diators:</source>
            <translation>调解员(&amp;D)：</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Register</source>
            <translation>登记</translation>
        </message>
        <message>
            <source>&amp;Remove</source>
            <translation>删除(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Keep</source>
            <translation>保留(&amp;K)</translation>
        </message>
        <message>
            <source>Party %1 (%2): %3</source>
            <translation>第%1位当事人（%2）：%3</translation>
        </message>
        <message>
            <source>Register a petition (接)</source>
            <translation>信访事项登记（接）</translation>
        </message>
        <message>
            <source>Choose the domain</source>
            <translation>请选择领域</translation>
        </message>
        <message>
            <source>Choose the domain first</source>
            <translation>请先选择领域</translation>
        </message>
        <message>
            <source>ID number, phone or name — Enter looks it up</source>
            <translation>身份证号、电话或姓名，回车查找</translation>
        </message>
        <message>
            <source>only when speaking for an organisation</source>
            <translation>代表单位反映时填写</translation>
        </message>
        <message>
            <source>&amp;Add petitioner</source>
            <translation>添加信访人(&amp;A)</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>清空</translation>
        </message>
        <message>
            <source>Look up:</source>
            <translation>查找：</translation>
        </message>
        <message>
            <source>Look up</source>
            <translation>查找</translation>
        </message>
        <message>
            <source>Name:</source>
            <translation>姓名：</translation>
        </message>
        <message>
            <source>ID number:</source>
            <translation>身份证号：</translation>
        </message>
        <message>
            <source>Phone:</source>
            <translation>电话：</translation>
        </message>
        <message>
            <source>Village / community:</source>
            <translation>村（社区）：</translation>
        </message>
        <message>
            <source>Address:</source>
            <translation>住址：</translation>
        </message>
        <message>
            <source>Grid:</source>
            <translation>网格：</translation>
        </message>
        <message>
            <source>Organisation:</source>
            <translation>单位：</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>身份证号</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>村（社区）</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <source>Petitioners</source>
            <translation>信访人</translation>
        </message>
        <message>
            <source>What happened, where, since when — in the petitioner's words</source>
            <translation>反映的问题：何时、何地、何事，尽量用信访人的原话</translation>
        </message>
        <message>
            <source>One request per line</source>
            <translation>每行一项诉求</translation>
        </message>
        <message>
            <source>Add files…</source>
            <translation>添加文件…</translation>
        </message>
        <message>
            <source>Remove file</source>
            <translation>移除文件</translation>
        </message>
        <message>
            <source>Source:</source>
            <translation>来源：</translation>
        </message>
        <message>
            <source>Category:</source>
            <translation>类别：</translation>
        </message>
        <message>
            <source>Content:</source>
            <translation>信访内容：</translation>
        </message>
        <message>
            <source>Requests:</source>
            <translation>诉求：</translation>
        </message>
        <message>
            <source>Attachments:</source>
            <translation>附件：</translation>
        </message>
        <message>
            <source>Case</source>
            <translation>案件</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>登记日期</translation>
        </message>
        <message>
            <source>Why</source>
            <translation>相同之处</translation>
        </message>
        <message>
            <source>Record a &amp;repeat visit on this case</source>
            <translation>记为该件的重复来访(&amp;R)</translation>
        </message>
        <message>
            <source>The same matter: record the visit on the selected case instead of a new case</source>
            <translation>同一事项：在所选案件上记录本次来访，不另立新案</translation>
        </message>
        <message>
            <source>Why this is a new matter (needed when a case is in progress)</source>
            <translation>为何属于新事项（有在办案件时必填）</translation>
        </message>
        <message>
            <source>Same person or similar matters</source>
            <translation>同一信访人或相似事项</translation>
        </message>
        <message>
            <source>Cases of the same person and recent cases with similar content appear here while you type.</source>
            <translation>输入时，此处列出同一信访人的案件和近期内容相似的案件。</translation>
        </message>
        <message>
            <source>Reason for a new case:</source>
            <translation>另立新案理由：</translation>
        </message>
        <message>
            <source>Register the petition (Ctrl+Enter)</source>
            <translation>登记该信访事项（Ctrl+Enter）</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Choose the category</source>
            <translation>请选择具体类别</translation>
        </message>
        <message>
            <source>Choose the category of the matter: its domain first, then the category.</source>
            <translation>请选择事项类别：先选领域，再选具体类别。</translation>
        </message>
        <message>
            <source>Ticket %1 (%2)</source>
            <translation>%1号（%2）</translation>
        </message>
        <message>
            <source>Visitor of ticket %1 (%2).</source>
            <translation>%1号（%2）的来访群众。</translation>
        </message>
        <message>
            <source>Ticket %1</source>
            <translation>%1号</translation>
        </message>
        <message>
            <source>Visitor of ticket %1.</source>
            <translation>排队号 %1 的来访人。</translation>
        </message>
        <message>
            <source>%1 people match: press Enter in Look up to choose.</source>
            <translation>有 %1 人符合：在“查找”框按回车选择。</translation>
        </message>
        <message>
            <source>Nobody found: fill in the new person.</source>
            <translation>未找到，请填写新的信访人信息。</translation>
        </message>
        <message>
            <source>%1 (stored)</source>
            <translation>%1（已登记）</translation>
        </message>
        <message>
            <source>%1 found: check the details, then add the petitioner.</source>
            <translation>已找到 %1：请核对信息后添加为信访人。</translation>
        </message>
        <message>
            <source>Add attachments</source>
            <translation>添加附件</translation>
        </message>
        <message>
            <source>%1 cases of the same person or with similar content.</source>
            <translation>找到 %1 件同一信访人或内容相似的案件。</translation>
        </message>
        <message>
            <source>No earlier case of this person or with similar content.</source>
            <translation>没有该信访人的既往案件，也没有内容相似的案件。</translation>
        </message>
        <message>
            <source>Settled by 复核: not accepted again.</source>
            <translation>已经复核终结，不再受理。</translation>
        </message>
    </context>
    <context>
        <name>ReportLabels</name>
        <message>
            <source>Key figures (this period and the previous one)</source>
            <translation>主要指标（本期与上期对比）</translation>
        </message>
        <message>
            <source>Queue overview</source>
            <translation>排队叫号概况</translation>
        </message>
        <message>
            <source>Visitors per window</source>
            <translation>各窗口接待情况</translation>
        </message>
        <message>
            <source>Queue per service</source>
            <translation>各事项排队情况</translation>
        </message>
        <message>
            <source>Queue per hour</source>
            <translation>分时段排队情况</translation>
        </message>
        <message>
            <source>Queue per day</source>
            <translation>每日排队情况</translation>
        </message>
        <message>
            <source>Ratings overview</source>
            <translation>好差评概况</translation>
        </message>
        <message>
            <source>Ratings per level</source>
            <translation>评价等级分布</translation>
        </message>
        <message>
            <source>Ratings per window</source>
            <translation>各窗口好差评</translation>
        </message>
        <message>
            <source>Bad ratings and their follow-up</source>
            <translation>差评及回访情况</translation>
        </message>
        <message>
            <source>Petitions overview</source>
            <translation>信访事项概况</translation>
        </message>
        <message>
            <source>Petitions per department</source>
            <translation>各责任单位办理情况</translation>
        </message>
        <message>
            <source>Overdue matters (supervision sheet)</source>
            <translation>超期事项督办单</translation>
        </message>
        <message>
            <source>Overdue matters per department</source>
            <translation>各单位超期事项</translation>
        </message>
        <message>
            <source>Petition sources</source>
            <translation>信访来源</translation>
        </message>
        <message>
            <source>Mediation overview</source>
            <translation>矛盾纠纷调解概况</translation>
        </message>
        <message>
            <source>Disputes per type</source>
            <translation>矛盾纠纷分类调解情况</translation>
        </message>
        <message>
            <source>Room utilisation</source>
            <translation>调解室使用情况</translation>
        </message>
        <message>
            <source>Hot spots per village or community</source>
            <translation>村（社区）热点</translation>
        </message>
        <message>
            <source>Hot spots per grid</source>
            <translation>网格热点</translation>
        </message>
        <message>
            <source>Top ten petition categories</source>
            <translation>信访热点事项（前十）</translation>
        </message>
        <message>
            <source>Cases received and concluded</source>
            <translation>案件收结情况</translation>
        </message>
        <message>
            <source>Queue</source>
            <translation>排队叫号</translation>
        </message>
        <message>
            <source>Service ratings</source>
            <translation>好差评</translation>
        </message>
        <message>
            <source>Petitions</source>
            <translation>信访</translation>
        </message>
        <message>
            <source>Mediation</source>
            <translation>矛盾纠纷调解</translation>
        </message>
        <message>
            <source>Disputes</source>
            <translation>矛盾纠纷</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>代码</translation>
        </message>
        <message>
            <source>Area</source>
            <translation>板块</translation>
        </message>
        <message>
            <source>Figure</source>
            <translation>指标</translation>
        </message>
        <message>
            <source>This period</source>
            <translation>本期</translation>
        </message>
        <message>
            <source>Previous period</source>
            <translation>上期</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>增减</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Tickets issued</source>
            <translation>取号人数</translation>
        </message>
        <message>
            <source>Served</source>
            <translation>办结人数</translation>
        </message>
        <message>
            <source>No-shows</source>
            <translation>过号人数</translation>
        </message>
        <message>
            <source>No-show rate</source>
            <translation>过号率</translation>
        </message>
        <message>
            <source>Not finished</source>
            <translation>未办结</translation>
        </message>
        <message>
            <source>Called</source>
            <translation>已叫号</translation>
        </message>
        <message>
            <source>Average wait (min)</source>
            <translation>平均等候（分钟）</translation>
        </message>
        <message>
            <source>90% wait (min)</source>
            <translation>90%等候（分钟）</translation>
        </message>
        <message>
            <source>Average service (min)</source>
            <translation>平均办理（分钟）</translation>
        </message>
        <message>
            <source>Appointments</source>
            <translation>预约签到</translation>
        </message>
        <message>
            <source>Priority</source>
            <translation>绿色通道</translation>
        </message>
        <message>
            <source>Transfers</source>
            <translation>转窗次数</translation>
        </message>
        <message>
            <source>Peak hour</source>
            <translation>高峰时段</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Ticket</source>
            <translation>票号</translation>
        </message>
        <message>
            <source>Service</source>
            <translation>取号事项</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Issued</source>
            <translation>取号时间</translation>
        </message>
        <message>
            <source>First call</source>
            <translation>首次叫号</translation>
        </message>
        <message>
            <source>Service start</source>
            <translation>开始办理</translation>
        </message>
        <message>
            <source>Finished</source>
            <translation>办结时间</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>窗口</translation>
        </message>
        <message>
            <source>Clerk</source>
            <translation>工作人员</translation>
        </message>
        <message>
            <source>Wait (min)</source>
            <translation>等候（分钟）</translation>
        </message>
        <message>
            <source>Service (min)</source>
            <translation>办理（分钟）</translation>
        </message>
        <message>
            <source>Rating</source>
            <translation>评价</translation>
        </message>
        <message>
            <source>Window name</source>
            <translation>窗口名称</translation>
        </message>
        <message>
            <source>Visitors</source>
            <translation>接待人数</translation>
        </message>
        <message>
            <source>Letter</source>
            <translation>字母</translation>
        </message>
        <message>
            <source>Hour</source>
            <translation>时段</translation>
        </message>
        <message>
            <source>Share</source>
            <translation>占比</translation>
        </message>
        <message>
            <source>Peak</source>
            <translation>高峰</translation>
        </message>
        <message>
            <source>Transferred at</source>
            <translation>转窗时间</translation>
        </message>
        <message>
            <source>From window</source>
            <translation>转出窗口</translation>
        </message>
        <message>
            <source>To</source>
            <translation>转往</translation>
        </message>
        <message>
            <source>Ratings</source>
            <translation>评价数</translation>
        </message>
        <message>
            <source>Rated share</source>
            <translation>参评率</translation>
        </message>
        <message>
            <source>Satisfied</source>
            <translation>满意数</translation>
        </message>
        <message>
            <source>Satisfaction rate</source>
            <translation>满意率</translation>
        </message>
        <message>
            <source>Bad ratings</source>
            <translation>差评数</translation>
        </message>
        <message>
            <source>Bad ratings open</source>
            <translation>差评待回访</translation>
        </message>
        <message>
            <source>Follow-ups overdue</source>
            <translation>回访逾期</translation>
        </message>
        <message>
            <source>Bad ratings answered</source>
            <translation>差评已回访</translation>
        </message>
        <message>
            <source>Very satisfied</source>
            <translation>非常满意</translation>
        </message>
        <message>
            <source>Satisfied (level)</source>
            <translation>满意</translation>
        </message>
        <message>
            <source>Basically satisfied</source>
            <translation>基本满意</translation>
        </message>
        <message>
            <source>Dissatisfied</source>
            <translation>不满意</translation>
        </message>
        <message>
            <source>Very dissatisfied</source>
            <translation>非常不满意</translation>
        </message>
        <message>
            <source>Follow-up</source>
            <translation>回访状态</translation>
        </message>
        <message>
            <source>Follow-up due</source>
            <translation>回访期限</translation>
        </message>
        <message>
            <source>Answered at</source>
            <translation>回访时间</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>回访情况</translation>
        </message>
        <message>
            <source>Level</source>
            <translation>评价等级</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>登记</translation>
        </message>
        <message>
            <source>Of which reviews</source>
            <translation>其中复查</translation>
        </message>
        <message>
            <source>Of which rechecks</source>
            <translation>其中复核</translation>
        </message>
        <message>
            <source>Accepted</source>
            <translation>受理</translation>
        </message>
        <message>
            <source>Not accepted</source>
            <translation>不予受理</translation>
        </message>
        <message>
            <source>Concluded</source>
            <translation>办结</translation>
        </message>
        <message>
            <source>Concluded on time</source>
            <translation>按期办结</translation>
        </message>
        <message>
            <source>On-time rate</source>
            <translation>按期办结率</translation>
        </message>
        <message>
            <source>In progress</source>
            <translation>在办</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>超期</translation>
        </message>
        <message>
            <source>Extensions</source>
            <translation>批准延期</translation>
        </message>
        <message>
            <source>Repeat visits</source>
            <translation>重复信访</translation>
        </message>
        <message>
            <source>Supervision notes</source>
            <translation>督办</translation>
        </message>
        <message>
            <source>Withdrawn</source>
            <translation>撤回</translation>
        </message>
        <message>
            <source>Followed up</source>
            <translation>回访</translation>
        </message>
        <message>
            <source>Follow-up satisfaction</source>
            <translation>回访满意率</translation>
        </message>
        <message>
            <source>Case number</source>
            <translation>案号</translation>
        </message>
        <message>
            <source>Kind of case</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>事项分类</translation>
        </message>
        <message>
            <source>Petitioners</source>
            <translation>信访人</translation>
        </message>
        <message>
            <source>Village or community</source>
            <translation>村（社区）</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>责任单位</translation>
        </message>
        <message>
            <source>Received on</source>
            <translation>登记日期</translation>
        </message>
        <message>
            <source>Accepted on</source>
            <translation>受理日期</translation>
        </message>
        <message>
            <source>Due to conclude</source>
            <translation>办结期限</translation>
        </message>
        <message>
            <source>Replied on</source>
            <translation>答复日期</translation>
        </message>
        <message>
            <source>Closed on</source>
            <translation>结案日期</translation>
        </message>
        <message>
            <source>Overdue state</source>
            <translation>超期情况</translation>
        </message>
        <message>
            <source>Assigned</source>
            <translation>交办</translation>
        </message>
        <message>
            <source>Overdue step</source>
            <translation>超期环节</translation>
        </message>
        <message>
            <source>Due on</source>
            <translation>期限</translation>
        </message>
        <message>
            <source>Days overdue</source>
            <translation>超期天数</translation>
        </message>
        <message>
            <source>Supervision notes so far</source>
            <translation>已督办次数</translation>
        </message>
        <message>
            <source>Overdue matters</source>
            <translation>超期件数</translation>
        </message>
        <message>
            <source>Of which not concluded</source>
            <translation>其中超期未办结</translation>
        </message>
        <message>
            <source>Most days overdue</source>
            <translation>最长超期天数</translation>
        </message>
        <message>
            <source>Visited at</source>
            <translation>来访时间</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>情况</translation>
        </message>
        <message>
            <source>Days</source>
            <translation>延期天数</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>理由</translation>
        </message>
        <message>
            <source>Decision</source>
            <translation>审批</translation>
        </message>
        <message>
            <source>Requested at</source>
            <translation>申请时间</translation>
        </message>
        <message>
            <source>Decided at</source>
            <translation>审批时间</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>结案</translation>
        </message>
        <message>
            <source>Settled</source>
            <translation>调解成功</translation>
        </message>
        <message>
            <source>Success rate</source>
            <translation>调解成功率</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>调解不成</translation>
        </message>
        <message>
            <source>Terminated</source>
            <translation>终止调解</translation>
        </message>
        <message>
            <source>Referred</source>
            <translation>移送</translation>
        </message>
        <message>
            <source>Open disputes</source>
            <translation>在调</translation>
        </message>
        <message>
            <source>Agreements</source>
            <translation>达成协议</translation>
        </message>
        <message>
            <source>Agreements performed</source>
            <translation>协议已履行</translation>
        </message>
        <message>
            <source>Partly performed</source>
            <translation>部分履行</translation>
        </message>
        <message>
            <source>Performance rate</source>
            <translation>协议履行率</translation>
        </message>
        <message>
            <source>Judicial confirmation applied</source>
            <translation>申请司法确认</translation>
        </message>
        <message>
            <source>Judicially confirmed</source>
            <translation>司法确认</translation>
        </message>
        <message>
            <source>Confirmation rejected</source>
            <translation>确认驳回</translation>
        </message>
        <message>
            <source>Sessions</source>
            <translation>调解场次</translation>
        </message>
        <message>
            <source>Dispute type</source>
            <translation>纠纷类型</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>案由</translation>
        </message>
        <message>
            <source>Parties</source>
            <translation>当事人</translation>
        </message>
        <message>
            <source>Performance</source>
            <translation>协议履行</translation>
        </message>
        <message>
            <source>Previous period received</source>
            <translation>上期受理</translation>
        </message>
        <message>
            <source>Room</source>
            <translation>调解室</translation>
        </message>
        <message>
            <source>Hours used</source>
            <translation>使用时长（小时）</translation>
        </message>
        <message>
            <source>Bookings to come</source>
            <translation>待举行预约</translation>
        </message>
        <message>
            <source>Hours open</source>
            <translation>可用时长（小时）</translation>
        </message>
        <message>
            <source>Utilisation</source>
            <translation>使用率</translation>
        </message>
        <message>
            <source>Applied on</source>
            <translation>申请日期</translation>
        </message>
        <message>
            <source>Decided on</source>
            <translation>裁定日期</translation>
        </message>
        <message>
            <source>Court</source>
            <translation>法院</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>开始</translation>
        </message>
        <message>
            <source>End</source>
            <translation>结束</translation>
        </message>
        <message>
            <source>Hours</source>
            <translation>时长（小时）</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>合计</translation>
        </message>
        <message>
            <source>Previous total</source>
            <translation>上期合计</translation>
        </message>
        <message>
            <source>Grid</source>
            <translation>网格</translation>
        </message>
        <message>
            <source>Rank</source>
            <translation>排名</translation>
        </message>
        <message>
            <source>Domain</source>
            <translation>所属领域</translation>
        </message>
        <message>
            <source>Previous rank</source>
            <translation>上期排名</translation>
        </message>
        <message>
            <source>Petitions received</source>
            <translation>信访登记</translation>
        </message>
        <message>
            <source>Petitions concluded</source>
            <translation>信访办结</translation>
        </message>
        <message>
            <source>Disputes received</source>
            <translation>纠纷受理</translation>
        </message>
        <message>
            <source>Disputes closed</source>
            <translation>纠纷结案</translation>
        </message>
        <message>
            <source>Category or type</source>
            <translation>分类</translation>
        </message>
        <message>
            <source>Concluded on</source>
            <translation>办结日期</translation>
        </message>
        <message>
            <source>Deadlines on a provisional calendar</source>
            <translation>临时日历期限提示</translation>
        </message>
        <message>
            <source>Provisional calendar years</source>
            <translation>临时日历年份</translation>
        </message>
        <message>
            <source>Open petitions with a provisional deadline</source>
            <translation>期限待定的在办信访事项</translation>
        </message>
        <message>
            <source>Current deadline</source>
            <translation>当前期限</translation>
        </message>
        <message>
            <source>Matter register</source>
            <translation>一案一码</translation>
        </message>
        <message>
            <source>Matters overview (one code per matter)</source>
            <translation>一案一码事项概况</translation>
        </message>
        <message>
            <source>Matters registered</source>
            <translation>登记事项</translation>
        </message>
        <message>
            <source>Matters concluded</source>
            <translation>办结事项</translation>
        </message>
        <message>
            <source>Matters in progress</source>
            <translation>在办事项</translation>
        </message>
        <message>
            <source>Handovers</source>
            <translation>转交次数</translation>
        </message>
        <message>
            <source>Handovers not acknowledged in time</source>
            <translation>转交超时未签收</translation>
        </message>
        <message>
            <source>Outcome ratings</source>
            <translation>结果评价数</translation>
        </message>
        <message>
            <source>Outcomes rated satisfied</source>
            <translation>结果满意数</translation>
        </message>
        <message>
            <source>Outcome satisfaction rate</source>
            <translation>结果满意率</translation>
        </message>
        <message>
            <source>Outcomes rated bad</source>
            <translation>结果差评数</translation>
        </message>
        <message>
            <source>Matters per kind</source>
            <translation>各类事项登记办理情况</translation>
        </message>
        <message>
            <source>Kind of matter</source>
            <translation>事项类别</translation>
        </message>
        <message>
            <source>Matters per route</source>
            <translation>事项路线分布</translation>
        </message>
        <message>
            <source>Route</source>
            <translation>路线</translation>
        </message>
        <message>
            <source>Entered this period</source>
            <translation>本期进入</translation>
        </message>
        <message>
            <source>On it at the end</source>
            <translation>截止时所在</translation>
        </message>
    </context>
    <context>
        <name>ReportMessages</name>
        <message>
            <source>The period starts on %1, after today (%2): there is nothing to report yet.</source>
            <translation>统计期间从%1开始，晚于今天（%2），尚无可统计的数据。</translation>
        </message>
        <message>
            <source>a folder of that name is there</source>
            <translation>已有同名的文件夹</translation>
        </message>
        <message>
            <source>its folder does not exist</source>
            <translation>所在文件夹不存在</translation>
        </message>
        <message>
            <source>a read-only file of that name is there</source>
            <translation>已有同名的只读文件</translation>
        </message>
        <message>
            <source>you may not write in that folder</source>
            <translation>没有在该文件夹中写入的权限</translation>
        </message>
        <message>
            <source>the disk is full</source>
            <translation>磁盘已满</translation>
        </message>
        <message>
            <source>the disk is read-only</source>
            <translation>磁盘是只读的</translation>
        </message>
        <message>
            <source>the name is too long</source>
            <translation>文件名太长</translation>
        </message>
        <message>
            <source>the system refused to write it</source>
            <translation>系统拒绝写入该文件</translation>
        </message>
        <message>
            <source>the system refused to write it (error %1)</source>
            <translation>系统拒绝写入该文件（错误码 %1）</translation>
        </message>
        <message>
            <source>The report cannot be saved as %1: %2. Choose another folder or file name.</source>
            <translation>报表无法保存为 %1：%2。请选择其他文件夹或文件名。</translation>
        </message>
        <message>
            <source>The report was cancelled; no file was written.</source>
            <translation>已取消生成报表，未写入任何文件。</translation>
        </message>
    </context>
    <context>
        <name>ReportsArea</name>
        <message>
            <source>Day</source>
            <translation>日</translation>
        </message>
        <message>
            <source>Week</source>
            <translation>周</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>月</translation>
        </message>
        <message>
            <source>Year</source>
            <translation>年</translation>
        </message>
        <message>
            <source>Custom</source>
            <translation>自定义</translation>
        </message>
        <message>
            <source>The period the figures cover</source>
            <translation>统计期间</translation>
        </message>
        <message>
            <source>to</source>
            <translation>至</translation>
        </message>
        <message>
            <source>Previous period (Alt+Left)</source>
            <translation>上一期（Alt+←）</translation>
        </message>
        <message>
            <source>Next period (Alt+Right)</source>
            <translation>下一期（Alt+→）</translation>
        </message>
        <message>
            <source>&amp;Today</source>
            <translation>今天(&amp;T)</translation>
        </message>
        <message>
            <source>Back to the period that contains today (Alt+Home)</source>
            <translation>回到包含今天的期间（Alt+Home）</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>刷新(&amp;R)</translation>
        </message>
        <message>
            <source>Read the figures again (F5)</source>
            <translation>重新读取数据（F5）</translation>
        </message>
        <message>
            <source>&amp;Generate report…</source>
            <translation>生成报表(&amp;G)…</translation>
        </message>
        <message>
            <source>Daily brief, weekly bulletin, monthly or yearly report as PDF or Excel (Ctrl+G)</source>
            <translation>生成一日一快报、一周一通报、月度或年度报告（PDF 或 Excel）（Ctrl+G）</translation>
        </message>
        <message>
            <source>No tickets, petitions or disputes in this period.</source>
            <translation>本期没有取号、信访和矛盾纠纷数据。</translation>
        </message>
        <message>
            <source>Today live</source>
            <translation>今日实时</translation>
        </message>
        <message>
            <source>Service</source>
            <translation>业务</translation>
        </message>
        <message>
            <source>Waiting</source>
            <translation>等候</translation>
        </message>
        <message>
            <source>Longest wait (min)</source>
            <translation>最长等候（分）</translation>
        </message>
        <message>
            <source>Open windows</source>
            <translation>开放窗口</translation>
        </message>
        <message>
            <source>Served</source>
            <translation>已办结</translation>
        </message>
        <message>
            <source>This period and the previous one</source>
            <translation>本期与上期对比</translation>
        </message>
        <message>
            <source>Area</source>
            <translation>板块</translation>
        </message>
        <message>
            <source>Figure</source>
            <translation>指标</translation>
        </message>
        <message>
            <source>Click a number to list the records behind it</source>
            <translation>点击数字查看明细记录</translation>
        </message>
        <message>
            <source>This period</source>
            <translation>本期</translation>
        </message>
        <message>
            <source>Previous</source>
            <translation>上期</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>增减</translation>
        </message>
        <message>
            <source>yyyy-MM</source>
            <comment>display format of a month</comment>
            <translation>yyyy年M月</translation>
        </message>
        <message>
            <source>yyyy</source>
            <comment>display format of a year</comment>
            <translation>yyyy年</translation>
        </message>
        <message>
            <source>Any day of the week (Monday to Sunday)</source>
            <translation>这一周（周一至周日）中的任意一天</translation>
        </message>
        <message>
            <source>Refreshing…</source>
            <translation>正在刷新…</translation>
        </message>
        <message>
            <source>%1 to %2</source>
            <translation>%1 至 %2</translation>
        </message>
        <message>
            <source>%1 until %2</source>
            <translation>%1（截至 %2）</translation>
        </message>
        <message>
            <source>%1, same span up to %2</source>
            <translation>%1同期（截至 %2）</translation>
        </message>
        <message>
            <source>%1 (previous: %2)</source>
            <translation>%1（上期：%2）</translation>
        </message>
        <message>
            <source>as of %1</source>
            <translation>截至 %1</translation>
        </message>
        <message>
            <source>Updated at %1</source>
            <translation>更新于 %1</translation>
        </message>
        <message>
            <source>Waits by hour (min)</source>
            <translation>各时段等候时间（分钟）</translation>
        </message>
        <message>
            <source>Visitors per window</source>
            <translation>各窗口接待人数</translation>
        </message>
        <message>
            <source>Cases received and concluded</source>
            <translation>案件收结情况</translation>
        </message>
        <message>
            <source>No days yet</source>
            <translation>暂无数据</translation>
        </message>
        <message>
            <source>Overdue matters by department</source>
            <translation>各单位超期事项</translation>
        </message>
        <message>
            <source>Nothing is overdue</source>
            <translation>没有超期事项</translation>
        </message>
        <message>
            <source>Today live (%1)</source>
            <translation>今日实时（%1）</translation>
        </message>
        <message>
            <source>Waiting: %1 · longest wait %2 min · served today: %3</source>
            <translation>等候 %1 人 · 最长等候 %2 分钟 · 今日已办结 %3 人</translation>
        </message>
        <message>
            <source>Windows: %1 serving · %2 free · %3 paused · %4 closed</source>
            <translation>窗口：%1 个办理中 · %2 个空闲 · %3 个暂停 · %4 个未开</translation>
        </message>
        <message>
            <source>this period</source>
            <translation>本期</translation>
        </message>
        <message>
            <source>previous period</source>
            <translation>上期</translation>
        </message>
    </context>
    <context>
        <name>RequeueDialog</name>
        <message>
            <source>Re-queue a late arrival</source>
            <translation>过号重排</translation>
        </message>
        <message>
            <source>%1 %2 — last called %3</source>
            <translation>%1 %2 — 末次呼叫 %3</translation>
        </message>
        <message>
            <source>No ticket has been marked as a no-show today.</source>
            <translation>今天还没有过号的号码。</translation>
        </message>
        <message>
            <source>Re-queue</source>
            <translation>重新排队</translation>
        </message>
    </context>
    <context>
        <name>ResetPasswordDialog</name>
        <message>
            <source>Reset password of %1</source>
            <translation>重置 %1 的密码</translation>
        </message>
        <message>
            <source>&amp;New password:</source>
            <translation>新密码(&amp;N)：</translation>
        </message>
        <message>
            <source>&amp;Confirm password:</source>
            <translation>确认密码(&amp;C)：</translation>
        </message>
        <message>
            <source>Tell the user the new password in person; they can change it under File › Change password.</source>
            <translation>请当面告知该用户新密码；用户登录后可在“文件 › 修改密码”中自行修改。</translation>
        </message>
    </context>
    <context>
        <name>Roles</name>
        <message>
            <source>Administrator</source>
            <translation>系统管理员</translation>
        </message>
        <message>
            <source>Director</source>
            <translation>中心主任</translation>
        </message>
        <message>
            <source>Supervisor</source>
            <translation>督办人员</translation>
        </message>
        <message>
            <source>Window clerk</source>
            <translation>窗口工作人员</translation>
        </message>
        <message>
            <source>Mediator</source>
            <translation>调解员</translation>
        </message>
        <message>
            <source>System</source>
            <translation>系统</translation>
        </message>
    </context>
    <context>
        <name>RoomDialog</name>
        <message>
            <source>New room</source>
            <translation>新增功能室</translation>
        </message>
        <message>
            <source>Edit room</source>
            <translation>编辑功能室</translation>
        </message>
        <message>
            <source>In &amp;use (can be booked)</source>
            <translation>启用（可预约使用）(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>名称(&amp;N)：</translation>
        </message>
        <message>
            <source>&amp;Kind:</source>
            <translation>类型(&amp;K)：</translation>
        </message>
        <message>
            <source>&amp;Seats:</source>
            <translation>座位数(&amp;S)：</translation>
        </message>
        <message>
            <source>&amp;Order:</source>
            <translation>排序(&amp;O)：</translation>
        </message>
    </context>
    <context>
        <name>RoomKinds</name>
        <message>
            <source>Mediation room</source>
            <translation>调解室</translation>
        </message>
        <message>
            <source>Leaders' reception room</source>
            <translation>领导接访室</translation>
        </message>
        <message>
            <source>Coordination / meeting room</source>
            <translation>协调会商室</translation>
        </message>
        <message>
            <source>Counselling room</source>
            <translation>心理疏导室</translation>
        </message>
        <message>
            <source>Hearing room</source>
            <translation>听证室</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>其他</translation>
        </message>
    </context>
    <context>
        <name>RoomPager</name>
        <message>
            <source>Previous rooms</source>
            <translation>上一页调解室</translation>
        </message>
        <message>
            <source>Next rooms</source>
            <translation>下一页调解室</translation>
        </message>
        <message>
            <source>Rooms %1–%2 of %3</source>
            <translation>第 %1–%2 间，共 %3 间</translation>
        </message>
    </context>
    <context>
        <name>RoomsScreen</name>
        <message>
            <source>Rooms</source>
            <translation>功能室</translation>
        </message>
        <message>
            <source>Room</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Seats</source>
            <translation>座位数</translation>
        </message>
        <message>
            <source>Order</source>
            <translation>排序</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>启用</translation>
        </message>
        <message>
            <source>&amp;New room…</source>
            <translation>新增功能室(&amp;N)…</translation>
        </message>
    </context>
    <context>
        <name>RouteMap</name>
        <message>
            <source>Window service</source>
            <translation>窗口办理</translation>
        </message>
        <message>
            <source>Petition</source>
            <translation>信访</translation>
        </message>
        <message>
            <source>Review</source>
            <translation>复查</translation>
        </message>
        <message>
            <source>Re-examination</source>
            <translation>复核</translation>
        </message>
        <message>
            <source>People's mediation</source>
            <translation>人民调解</translation>
        </message>
        <message>
            <source>Judicial confirmation</source>
            <translation>司法确认</translation>
        </message>
        <message>
            <source>Arbitration</source>
            <translation>仲裁</translation>
        </message>
        <message>
            <source>Litigation</source>
            <translation>诉讼（诉调对接）</translation>
        </message>
        <message>
            <source>in progress</source>
            <translation>在办</translation>
        </message>
        <message>
            <source>concluded</source>
            <translation>已办结</translation>
        </message>
        <message>
            <source>Step</source>
            <translation>步骤</translation>
        </message>
        <message>
            <source>Route</source>
            <translation>路线</translation>
        </message>
        <message>
            <source>Entered</source>
            <translation>进入时间</translation>
        </message>
        <message>
            <source>Left</source>
            <translation>离开时间</translation>
        </message>
        <message>
            <source>Days</source>
            <translation>用时（天）</translation>
        </message>
        <message>
            <source>Deadline</source>
            <translation>期限</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>Handled by</source>
            <translation>经办</translation>
        </message>
        <message>
            <source>Route map</source>
            <translation>路线图</translation>
        </message>
        <message>
            <source>Matter code &lt;b&gt;%1&lt;/b&gt; · %2 · answered for by %3</source>
            <translation>事项编码 &lt;b&gt;%1&lt;/b&gt; · %2 · 首问负责：%3</translation>
        </message>
        <message>
            <source>Handed over to %1 on %2, not acknowledged yet</source>
            <translation>已于%2转交%1，尚未签收</translation>
        </message>
        <message>
            <source>Outcome: %1</source>
            <translation>办理结果：%1</translation>
        </message>
        <message>
            <source>This case was stored before matters had codes.</source>
            <translation>本案登记于启用一案一码之前，没有事项编码。</translation>
        </message>
    </context>
    <context>
        <name>ScheduleArea</name>
        <message>
            <source>Day</source>
            <translation>日</translation>
        </message>
        <message>
            <source>Week</source>
            <translation>周</translation>
        </message>
        <message>
            <source>Earlier</source>
            <translation>向前</translation>
        </message>
        <message>
            <source>Later</source>
            <translation>向后</translation>
        </message>
        <message>
            <source>&amp;Today</source>
            <translation>今天(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;New booking…</source>
            <translation>新建预约(&amp;N)…</translation>
        </message>
        <message>
            <source>Book the earliest time that suits the room, the mediators and the parties</source>
            <translation>按调解室、调解员和当事人都有空的最早时间预约</translation>
        </message>
        <message>
            <source>&amp;Print room day…</source>
            <translation>打印门牌日程(&amp;P)…</translation>
        </message>
        <message>
            <source>Print the day of the room under the cursor, to post on its door</source>
            <translation>打印光标所在调解室当天的安排，张贴在门口</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>&amp;Open…</source>
            <translation>打开(&amp;O)…</translation>
        </message>
        <message>
            <source>Move or change the selected session</source>
            <translation>调整选中的调解安排</translation>
        </message>
        <message>
            <source>Find a &amp;slot…</source>
            <translation>查找空档(&amp;S)…</translation>
        </message>
        <message>
            <source>Confir&amp;m</source>
            <translation>确认(&amp;M)</translation>
        </message>
        <message>
            <source>&amp;Cancel session…</source>
            <translation>取消安排(&amp;C)…</translation>
        </message>
        <message>
            <source>No-show</source>
            <translation>当事人未到</translation>
        </message>
        <message>
            <source>&amp;Record session…</source>
            <translation>记录调解(&amp;R)…</translation>
        </message>
        <message>
            <source>Open c&amp;ase</source>
            <translation>打开案件(&amp;A)</translation>
        </message>
        <message>
            <source>Drag down a room's column to book · drag a session to move it · arrows move the cursor, Shift+arrows select, Enter books · Ctrl+arrows move the selected session</source>
            <translation>在调解室一列中向下拖动即可预约 · 拖动已有安排可调整 · 方向键移动光标，Shift+方向键选择时段，回车预约 · Ctrl+方向键移动选中的安排</translation>
        </message>
        <message>
            <source>Week of %1 – %2</source>
            <translation>%1 至 %2</translation>
        </message>
        <message>
            <source>No session selected.</source>
            <translation>未选中调解安排。</translation>
        </message>
        <message>
            <source>Mediators: %1</source>
            <translation>调解员：%1</translation>
        </message>
        <message>
            <source>Parties: %1</source>
            <translation>当事人：%1</translation>
        </message>
        <message>
            <source>Booked: %1 %2 %3–%4 in %5.</source>
            <translation>已预约：%1，%2 %3–%4，%5。</translation>
        </message>
        <message>
            <source>Free: drop to move the session here.</source>
            <translation>有空：松开鼠标即可调整到此处。</translation>
        </message>
        <message>
            <source>Cannot move here:</source>
            <translation>不能调整到此处：</translation>
        </message>
        <message>
            <source>%1 was not moved.</source>
            <translation>%1未调整。</translation>
        </message>
        <message>
            <source>Outside opening hours</source>
            <translation>办公时间以外</translation>
        </message>
        <message>
            <source>Move the session there anyway?</source>
            <translation>仍然调整到该时间？</translation>
        </message>
        <message>
            <source>Moved: %1 now %2 %3–%4 in %5.</source>
            <translation>已调整：%1 改为 %2 %3–%4，%5。</translation>
        </message>
        <message>
            <source>Confirmed: %1.</source>
            <translation>已确认：%1。</translation>
        </message>
        <message>
            <source>Cancel session</source>
            <translation>取消调解安排</translation>
        </message>
        <message>
            <source>Why is the session of %1 on %2 %3 cancelled?</source>
            <translation>%1 在 %2 %3 的调解为何取消？</translation>
        </message>
        <message>
            <source>Cancelled: %1.</source>
            <translation>已取消：%1。</translation>
        </message>
        <message>
            <source>Marked as no-show: %1.</source>
            <translation>已登记当事人未到：%1。</translation>
        </message>
        <message>
            <source>Record saved: %1.</source>
            <translation>笔录已保存：%1。</translation>
        </message>
        <message>
            <source>The day of %1 on %2 was opened for printing.</source>
            <translation>%1 %2 的日程已打开，可打印。</translation>
        </message>
    </context>
    <context>
        <name>ServiceDialog</name>
        <message>
            <source>New queue service</source>
            <translation>新增排队业务</translation>
        </message>
        <message>
            <source>Edit queue service %1</source>
            <translation>编辑排队业务 %1</translation>
        </message>
        <message>
            <source>One capital letter A–Z; tickets are numbered A001, A002 …</source>
            <translation>一个大写字母（A–Z），票号依次为 A001、A002……</translation>
        </message>
        <message>
            <source>In &amp;use (the kiosk offers it)</source>
            <translation>启用（取号机提供此业务）(&amp;U)</translation>
        </message>
        <message>
            <source>Ticket &amp;letter:</source>
            <translation>取号字母(&amp;L)：</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>名称(&amp;N)：</translation>
        </message>
        <message>
            <source>&amp;Description:</source>
            <translation>说明(&amp;D)：</translation>
        </message>
        <message>
            <source>&amp;Order:</source>
            <translation>排序(&amp;O)：</translation>
        </message>
    </context>
    <context>
        <name>SessionDialog</name>
        <message>
            <source>Session record — %1</source>
            <translation>调解笔录 — %1</translation>
        </message>
        <message>
            <source>One paragraph per speaker, e.g.
调解员：请申请人陈述纠纷经过。
申请人李明：……
被申请人赵强：……</source>
            <translation>每段写一位发言人，例如：
调解员：请申请人陈述纠纷经过。
申请人李明：……
被申请人赵强：……</translation>
        </message>
        <message>
            <source>Case:</source>
            <translation>案件：</translation>
        </message>
        <message>
            <source>&amp;Start:</source>
            <translation>开始(&amp;S)：</translation>
        </message>
        <message>
            <source>&amp;End:</source>
            <translation>结束(&amp;E)：</translation>
        </message>
        <message>
            <source>&amp;Place:</source>
            <translation>地点(&amp;P)：</translation>
        </message>
        <message>
            <source>&amp;Mediators:</source>
            <translation>调解员(&amp;M)：</translation>
        </message>
        <message>
            <source>&amp;Attendees:</source>
            <translation>参加人(&amp;A)：</translation>
        </message>
        <message>
            <source>Re&amp;corder:</source>
            <translation>记录人(&amp;C)：</translation>
        </message>
        <message>
            <source>Save record</source>
            <translation>保存笔录</translation>
        </message>
        <message>
            <source>Print rec&amp;ord</source>
            <translation>打印笔录(&amp;O)</translation>
        </message>
        <message>
            <source>&amp;Record:</source>
            <translation>笔录(&amp;R)：</translation>
        </message>
    </context>
    <context>
        <name>SetupWizard</name>
        <message>
            <source>OneStop — First-run setup</source>
            <translation>OneStop — 首次运行向导</translation>
        </message>
        <message>
            <source>Welcome to OneStop</source>
            <translation>欢迎使用 OneStop</translation>
        </message>
        <message>
            <source>One-stop comprehensive service center workbench</source>
            <translation>一站式综合服务中心工作台</translation>
        </message>
        <message>
            <source>This database is new. The next two steps set up your center: its name and the abbreviation used in case numbers, opening hours, and the first administrator account.

The 17 service windows, the mediation rooms, departments, petition categories, dispute types and the official holiday calendar are filled in with sensible defaults that the administrator can change later.</source>
            <translation>这是一个新建的数据库。接下来两步完成本中心的初始设置：中心名称、案件编号中使用的简称、办公时间，以及首个系统管理员账号。

17 个服务窗口、调解室等功能室、责任单位、信访事项分类、纠纷类型和法定节假日工作日历将按常用配置预先填好，系统管理员日后可随时调整。</translation>
        </message>
        <message>
            <source>Your center</source>
            <translation>中心信息</translation>
        </message>
        <message>
            <source>Case numbers look like （2026）虎信字第034号, where 虎 is the abbreviation.</source>
            <translation>案件编号形如（2026）虎信字第034号，其中“虎”即为简称。</translation>
        </message>
        <message>
            <source>e.g. 虎丘镇一站式综合服务中心</source>
            <translation>如：虎丘镇一站式综合服务中心</translation>
        </message>
        <message>
            <source>Center &amp;name:</source>
            <translation>中心名称(&amp;N)：</translation>
        </message>
        <message>
            <source>Case number &amp;abbreviation:</source>
            <translation>案件编号简称(&amp;A)：</translation>
        </message>
        <message>
            <source>Case numbers:</source>
            <translation>编号示例：</translation>
        </message>
        <message>
            <source>Opens at:</source>
            <translation>上班时间：</translation>
        </message>
        <message>
            <source>Closes at:</source>
            <translation>下班时间：</translation>
        </message>
        <message>
            <source>First administrator</source>
            <translation>首个系统管理员</translation>
        </message>
        <message>
            <source>The administrator adds the other staff accounts afterwards.</source>
            <translation>其他工作人员的账号由系统管理员登录后添加。</translation>
        </message>
        <message>
            <source>&amp;User name:</source>
            <translation>用户名(&amp;U)：</translation>
        </message>
        <message>
            <source>Full &amp;name:</source>
            <translation>姓名(&amp;N)：</translation>
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation>密码(&amp;P)：</translation>
        </message>
        <message>
            <source>&amp;Confirm password:</source>
            <translation>确认密码(&amp;C)：</translation>
        </message>
        <message>
            <source>At least 8 characters, with letters and digits.</source>
            <translation>密码至少 8 位，须同时包含字母和数字。</translation>
        </message>
        <message>
            <source>%1 (petitions), %2 (mediation)</source>
            <translation>%1（信访）  %2（调解）</translation>
        </message>
        <message>
            <source>The two passwords differ.</source>
            <translation>两次输入的密码不一致。</translation>
        </message>
    </context>
    <context>
        <name>SigningDialog</name>
        <message>
            <source>Signing</source>
            <translation>签订</translation>
        </message>
        <message>
            <source>Oral agreement</source>
            <translation>口头协议</translation>
        </message>
        <message>
            <source>A written agreement takes effect when every party has signed, sealed or fingerprinted it, the mediator has signed it and the committee has sealed it. Tick what is on the signed agreement:</source>
            <translation>书面调解协议自各方当事人签名、盖章或按指印，调解员签名并加盖调解委员会印章之日起生效。请勾选签订的协议书上已有的签名和印章：</translation>
        </message>
        <message>
            <source>Mediator %1</source>
            <translation>调解员 %1</translation>
        </message>
        <message>
            <source>The committee's seal</source>
            <translation>调解委员会印章</translation>
        </message>
        <message>
            <source>&amp;All signed</source>
            <translation>全部已签(&amp;A)</translation>
        </message>
        <message>
            <source>Tick every party, the mediator and the seal</source>
            <translation>勾选全部当事人、调解员和印章</translation>
        </message>
        <message>
            <source>Signed &amp;on:</source>
            <translation>签订日期(&amp;O)：</translation>
        </message>
        <message>
            <source>Agreed &amp;on:</source>
            <translation>达成日期(&amp;O)：</translation>
        </message>
        <message>
            <source>An oral agreement takes effect when the parties agree.</source>
            <translation>口头协议自各方当事人达成协议之日起生效。</translation>
        </message>
    </context>
    <context>
        <name>Speech</name>
        <message>
            <source>Mandarin (espeak-ng, letters read as pinyin)</source>
            <translation>普通话（espeak-ng，字母按拼音读）</translation>
        </message>
        <message>
            <source>Mandarin (espeak-ng, letters read as English)</source>
            <translation>普通话（espeak-ng，字母按英文读）</translation>
        </message>
    </context>
    <context>
        <name>SynonymDialog</name>
        <message>
            <source>Category synonym</source>
            <translation>类别同义词</translation>
        </message>
        <message>
            <source>Name on the platform:</source>
            <translation>平台上的名称：</translation>
        </message>
        <message>
            <source>Our category:</source>
            <translation>本中心类别：</translation>
        </message>
    </context>
    <context>
        <name>SynonymEditor</name>
        <message>
            <source>Category synonyms</source>
            <translation>类别同义词</translation>
        </message>
        <message>
            <source>Name on the platform</source>
            <translation>平台上的名称</translation>
        </message>
        <message>
            <source>Our category</source>
            <translation>本中心类别</translation>
        </message>
        <message>
            <source>Domain</source>
            <translation>领域</translation>
        </message>
        <message>
            <source>&amp;Add…</source>
            <translation>添加(&amp;A)…</translation>
        </message>
        <message>
            <source>Add a synonym</source>
            <translation>添加同义词</translation>
        </message>
        <message>
            <source>&amp;Edit…</source>
            <translation>编辑(&amp;E)…</translation>
        </message>
        <message>
            <source>Edit the selected synonym (Enter, F2)</source>
            <translation>编辑所选同义词（回车、F2）</translation>
        </message>
        <message>
            <source>&amp;Remove</source>
            <translation>删除(&amp;R)</translation>
        </message>
        <message>
            <source>Remove the selected synonym</source>
            <translation>删除所选同义词</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Imports</source>
            <translation>出现次数</translation>
        </message>
        <message>
            <source>Names that went to 其他 in recent imports</source>
            <translation>最近导入中归入“其他”的名称</translation>
        </message>
        <message>
            <source>Double-click a name to say which category it means.</source>
            <translation>双击名称，指定它对应的类别。</translation>
        </message>
        <message>
            <source>Remove the synonym “%1”?</source>
            <translation>删除同义词“%1”吗？</translation>
        </message>
    </context>
    <context>
        <name>TicketPrinter</name>
        <message>
            <source>Your number</source>
            <translation>您的号码</translation>
        </message>
        <message>
            <source>Priority lane</source>
            <translation>绿色通道</translation>
        </message>
        <message>
            <source>Appointment</source>
            <translation>预约</translation>
        </message>
        <message>
            <source>%1 people are waiting before you</source>
            <translation>您前面还有 %1 人等候</translation>
        </message>
        <message>
            <source>Nobody is waiting before you</source>
            <translation>您前面没有人等候</translation>
        </message>
        <message>
            <source>Issued %1</source>
            <translation>取号时间：%1</translation>
        </message>
        <message>
            <source>Please watch the hall display and listen for your number</source>
            <translation>请留意叫号屏与语音提示</translation>
        </message>
        <message>
            <source>This ticket carries no personal information</source>
            <translation>本号票不记载任何个人信息</translation>
        </message>
    </context>
    <context>
        <name>TodayPanel</name>
        <message>
            <source>%1 days overdue</source>
            <translation>已超期 %1 天</translation>
        </message>
        <message>
            <source>due today</source>
            <translation>今天到期</translation>
        </message>
        <message>
            <source>%1 days left</source>
            <translation>还剩 %1 天</translation>
        </message>
        <message>
            <source>My day</source>
            <translation>我的今日</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Room</source>
            <translation>调解室</translation>
        </message>
        <message>
            <source>Case</source>
            <translation>案号</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>案由</translation>
        </message>
        <message>
            <source>Parties</source>
            <translation>当事人</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Reminder</source>
            <translation>提醒</translation>
        </message>
        <message>
            <source>What</source>
            <translation>内容</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>期限</translation>
        </message>
        <message>
            <source>Time left</source>
            <translation>剩余时间</translation>
        </message>
        <message>
            <source>&amp;Record session…</source>
            <translation>记录调解(&amp;R)…</translation>
        </message>
        <message>
            <source>&amp;Open case</source>
            <translation>打开案件(&amp;O)</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>&lt;b&gt;Today's sessions&lt;/b&gt;</source>
            <translation>&lt;b&gt;今日调解&lt;/b&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;Needs attention&lt;/b&gt;</source>
            <translation>&lt;b&gt;待办提醒&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Today, %1 — you are not on the mediator roster</source>
            <translation>今日 %1 — 您不在调解员名册中</translation>
        </message>
        <message>
            <source>Today, %1 — %2: %3 sessions, %4 open cases, %5 reminders</source>
            <translation>今日 %1 — %2：%3 场调解，在办 %4 件，提醒 %5 条</translation>
        </message>
        <message>
            <source>Conclude the mediation by %1, or close it</source>
            <translation>请在 %1 前调解结案或终结</translation>
        </message>
        <message>
            <source>Visit the parties: is the agreement performed, are they satisfied</source>
            <translation>回访当事人：协议是否履行、是否满意</translation>
        </message>
        <message>
            <source>signed %1</source>
            <translation>%1签订</translation>
        </message>
        <message>
            <source>Record saved.</source>
            <translation>笔录已保存。</translation>
        </message>
    </context>
    <context>
        <name>TransferDialog</name>
        <message>
            <source>%1 (Enter)</source>
            <translation>%1（回车）</translation>
        </message>
        <message>
            <source>Close without saving (Esc)</source>
            <translation>关闭，不保存（Esc）</translation>
        </message>
        <message>
            <source>Place in the line</source>
            <translation>排队位置</translation>
        </message>
        <message>
            <source>To the &amp;front</source>
            <translation>排到最前(&amp;F)</translation>
        </message>
        <message>
            <source>To the &amp;end</source>
            <translation>排到最后(&amp;E)</translation>
        </message>
        <message>
            <source>In its &amp;original order</source>
            <translation>按原顺序(&amp;O)</translation>
        </message>
        <message>
            <source>Transfer ticket %1</source>
            <translation>转移 %1</translation>
        </message>
        <message>
            <source>To a &amp;service</source>
            <translation>转到事项(&amp;S)</translation>
        </message>
        <message>
            <source>To a &amp;window</source>
            <translation>转到窗口(&amp;W)</translation>
        </message>
        <message>
            <source>%1 %2 — %3 waiting, %4 window(s) open</source>
            <translation>%1 %2 — 等候 %3 人，%4 个窗口在岗</translation>
        </message>
        <message>
            <source>No window serving it is open now: the ticket will wait.</source>
            <translation>目前没有办理该事项的窗口在岗，该号将等候。</translation>
        </message>
        <message>
            <source>Window %1 %2 — %3</source>
            <translation>%1号窗口 %2 — %3</translation>
        </message>
        <message>
            <source>Transfer</source>
            <translation>转移</translation>
        </message>
        <message>
            <source>Send ticket %1 (%2) to:</source>
            <translation>将 %1（%2）转到：</translation>
        </message>
        <message>
            <source>No window serving %1 is open now. The ticket will wait until one opens.</source>
            <translation>目前没有办理“%1”的窗口在岗，该号将等候至有窗口开放。</translation>
        </message>
        <message>
            <source>Window %1 is not calling now. The ticket will wait until it does.</source>
            <translation>%1号窗口目前未叫号，该号将等候至该窗口恢复叫号。</translation>
        </message>
    </context>
    <context>
        <name>UserDialog</name>
        <message>
            <source>New user</source>
            <translation>新增用户</translation>
        </message>
        <message>
            <source>Edit user %1</source>
            <translation>编辑用户 %1</translation>
        </message>
        <message>
            <source>Letters, digits, dot, dash and underscore; 2 to 40 characters</source>
            <translation>可用字母、数字、点、减号和下划线，2 至 40 个字符</translation>
        </message>
        <message>
            <source>— none —</source>
            <translation>—（无）—</translation>
        </message>
        <message>
            <source>Window %1 %2</source>
            <translation>%1号窗口 %2</translation>
        </message>
        <message>
            <source>&amp;User name:</source>
            <translation>用户名(&amp;U)：</translation>
        </message>
        <message>
            <source>Full &amp;name:</source>
            <translation>姓名(&amp;N)：</translation>
        </message>
        <message>
            <source>&amp;Role:</source>
            <translation>角色(&amp;R)：</translation>
        </message>
        <message>
            <source>&amp;Window:</source>
            <translation>窗口(&amp;W)：</translation>
        </message>
        <message>
            <source>&amp;Department:</source>
            <translation>所属单位(&amp;D)：</translation>
        </message>
        <message>
            <source>P&amp;hone:</source>
            <translation>联系电话(&amp;H)：</translation>
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation>密码(&amp;P)：</translation>
        </message>
        <message>
            <source>&amp;Confirm password:</source>
            <translation>确认密码(&amp;C)：</translation>
        </message>
        <message>
            <source>&amp;Active (may sign in)</source>
            <translation>启用（可以登录）(&amp;A)</translation>
        </message>
    </context>
    <context>
        <name>UsersScreen</name>
        <message>
            <source>Staff accounts</source>
            <translation>工作人员账号</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>角色</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>窗口</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>所属单位</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>启用</translation>
        </message>
        <message>
            <source>Locked until</source>
            <translation>锁定至</translation>
        </message>
        <message>
            <source>Last sign-in</source>
            <translation>最近登录</translation>
        </message>
        <message>
            <source>&amp;New user…</source>
            <translation>新增用户(&amp;N)…</translation>
        </message>
        <message>
            <source>Reset &amp;password…</source>
            <translation>重置密码(&amp;P)…</translation>
        </message>
        <message>
            <source>Set a new password for the selected user; this also lifts a lockout</source>
            <translation>为选中的用户设置新密码，同时解除锁定</translation>
        </message>
        <message>
            <source>&amp;Disable</source>
            <translation>停用(&amp;D)</translation>
        </message>
        <message>
            <source>Disable or enable the selected account</source>
            <translation>停用或启用选中的账号</translation>
        </message>
        <message>
            <source>&amp;Unlock</source>
            <translation>解除锁定(&amp;U)</translation>
        </message>
        <message>
            <source>Lift the lockout after too many wrong passwords</source>
            <translation>解除因密码输错次数过多造成的锁定</translation>
        </message>
        <message>
            <source>Ena&amp;ble</source>
            <translation>启用(&amp;B)</translation>
        </message>
        <message>
            <source>Saved.</source>
            <translation>已保存。</translation>
        </message>
        <message>
            <source>The password of %1 has been reset.</source>
            <translation>已重置 %1 的密码。</translation>
        </message>
        <message>
            <source>%1 can sign in again.</source>
            <translation>%1 已启用，可以登录。</translation>
        </message>
        <message>
            <source>%1 can no longer sign in.</source>
            <translation>%1 已停用，不能再登录。</translation>
        </message>
        <message>
            <source>%1 is unlocked.</source>
            <translation>%1 已解除锁定。</translation>
        </message>
    </context>
    <context>
        <name>Validation</name>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>联系电话</translation>
        </message>
        <message>
            <source>Center name</source>
            <translation>中心名称</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>住址</translation>
        </message>
        <message>
            <source>Room name</source>
            <translation>调解室名称</translation>
        </message>
        <message>
            <source>Window name</source>
            <translation>窗口名称</translation>
        </message>
        <message>
            <source>Window description</source>
            <translation>窗口说明</translation>
        </message>
        <message>
            <source>Service name</source>
            <translation>业务名称</translation>
        </message>
        <message>
            <source>Service description</source>
            <translation>业务说明</translation>
        </message>
        <message>
            <source>Department name</source>
            <translation>部门名称</translation>
        </message>
        <message>
            <source>Contact person</source>
            <translation>联系人</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>村（社区）</translation>
        </message>
        <message>
            <source>Grid</source>
            <translation>网格</translation>
        </message>
        <message>
            <source>Work unit</source>
            <translation>工作单位</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>身份证号码</translation>
        </message>
        <message>
            <source>Petition content</source>
            <translation>信访事项内容</translation>
        </message>
        <message>
            <source>Requests</source>
            <translation>诉求</translation>
        </message>
        <message>
            <source>Petitioners' names (together)</source>
            <translation>信访人姓名（合计）</translation>
        </message>
        <message>
            <source>Dispute title</source>
            <translation>纠纷名称</translation>
        </message>
        <message>
            <source>Facts of the dispute</source>
            <translation>纠纷事实</translation>
        </message>
        <message>
            <source>Matters in dispute</source>
            <translation>争议事项</translation>
        </message>
        <message>
            <source>Parties' names (together)</source>
            <translation>当事人姓名（合计）</translation>
        </message>
        <message>
            <source>Referred by</source>
            <translation>移送单位</translation>
        </message>
        <message>
            <source>Party name</source>
            <translation>当事人名称</translation>
        </message>
        <message>
            <source>Address of the organisation</source>
            <translation>单位地址</translation>
        </message>
        <message>
            <source>Representative</source>
            <translation>代理人</translation>
        </message>
        <message>
            <source>Booking note</source>
            <translation>预约备注</translation>
        </message>
        <message>
            <source>Start time</source>
            <translation>开始时间</translation>
        </message>
        <message>
            <source>End time</source>
            <translation>结束时间</translation>
        </message>
        <message>
            <source>Appointment day</source>
            <translation>预约日期</translation>
        </message>
        <message>
            <source>Appointment time</source>
            <translation>预约时段</translation>
        </message>
        <message>
            <source>Visitor's name</source>
            <translation>来访人姓名</translation>
        </message>
        <message>
            <source>Setting</source>
            <translation>设置项</translation>
        </message>
        <message>
            <source>The input</source>
            <translation>输入内容</translation>
        </message>
        <message>
            <source>%1 is too long: at most %2 characters.</source>
            <translation>「%1」过长，最多 %2 个字。</translation>
        </message>
        <message>
            <source>%1 contains an invisible control character; remove it and try again.</source>
            <translation>「%1」含有不可见的控制字符，请删除后重试。</translation>
        </message>
        <message>
            <source>%1 contains a broken character (such as half of an emoji); retype it.</source>
            <translation>「%1」含有无法保存的残缺字符（例如不完整的表情符号），请重新输入。</translation>
        </message>
        <message>
            <source>%1 must lie in the years %2 to %3.</source>
            <translation>「%1」的年份须在 %2 年至 %3 年之间。</translation>
        </message>
        <message>
            <source>A booking can be made at most %2 days ahead.</source>
            <translation>最多只能预约 %2 天以内的日期。</translation>
        </message>
        <message>
            <source>%1 must be between %2 and %3.</source>
            <translation>「%1」须在 %2 至 %3 之间。</translation>
        </message>
        <message>
            <source>%1 must be a valid date or time.</source>
            <translation>「%1」须是有效的日期或时间。</translation>
        </message>
        <message>
            <source>%1 must be a whole number.</source>
            <translation>「%1」须是整数。</translation>
        </message>
        <message>
            <source>%1 must be yes or no.</source>
            <translation>「%1」只能选“是”或“否”。</translation>
        </message>
        <message>
            <source>%1 cannot be saved as given.</source>
            <translation>「%1」的内容无法保存，请检查后重新输入。</translation>
        </message>
    </context>
    <context>
        <name>VoicePage</name>
        <message>
            <source>Voice in use</source>
            <translation>正在使用的语音</translation>
        </message>
        <message>
            <source>Calls on this PC:</source>
            <translation>本机叫号：</translation>
        </message>
        <message>
            <source>Speech engine:</source>
            <translation>语音引擎：</translation>
        </message>
        <message>
            <source>Recorded pack:</source>
            <translation>录制的语音包：</translation>
        </message>
        <message>
            <source>Hall displays:</source>
            <translation>叫号屏：</translation>
        </message>
        <message>
            <source>How calls are spoken</source>
            <translation>叫号播报方式</translation>
        </message>
        <message>
            <source> times</source>
            <translation> 遍</translation>
        </message>
        <message>
            <source>Slower (−) or faster (+) than the voice's normal speed</source>
            <translation>比正常语速慢（−）或快（+）</translation>
        </message>
        <message>
            <source>Name the service at the end (…窗口办理户籍业务)</source>
            <translation>末尾报出业务名称（…窗口办理户籍业务）</translation>
        </message>
        <message>
            <source>&amp;Voice:</source>
            <translation>叫号语音(&amp;V)：</translation>
        </message>
        <message>
            <source>&amp;Engine voice:</source>
            <translation>引擎声音(&amp;E)：</translation>
        </message>
        <message>
            <source>Say each &amp;call:</source>
            <translation>每次叫号播报(&amp;C)：</translation>
        </message>
        <message>
            <source>&amp;Speed:</source>
            <translation>语速(&amp;S)：</translation>
        </message>
        <message>
            <source>Vol&amp;ume:</source>
            <translation>音量(&amp;U)：</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <source>Save how calls are spoken</source>
            <translation>保存叫号播报方式</translation>
        </message>
        <message>
            <source>Test voice</source>
            <translation>试听叫号</translation>
        </message>
        <message>
            <source>&amp;Test voice</source>
            <translation>试听叫号(&amp;T)</translation>
        </message>
        <message>
            <source>Say this call on this PC as a hall display would (with the choices above, saved or not)</source>
            <translation>在本机按叫号屏的方式播报这个号（用上面的设置，不论是否已保存）</translation>
        </message>
        <message>
            <source>Tic&amp;ket:</source>
            <translation>号码(&amp;K)：</translation>
        </message>
        <message>
            <source>&amp;Window:</source>
            <translation>窗口(&amp;W)：</translation>
        </message>
        <message>
            <source>A script can check the voice too: onestop voice test --ticket A012 --window 3 --out call.wav</source>
            <translation>也可用命令检查语音：onestop voice test --ticket A012 --window 3 --out call.wav</translation>
        </message>
        <message>
            <source>Automatic (the best Mandarin voice found)</source>
            <translation>自动（找到的最佳普通话语音）</translation>
        </message>
        <message>
            <source>%1 (not on this PC)</source>
            <translation>%1（本机没有）</translation>
        </message>
        <message>
            <source>No Mandarin voice on this PC. On Debian, UOS or Kylin: sudo apt install speech-dispatcher speech-dispatcher-espeak-ng (the .deb and tools/system-deps.sh bring them); on Windows: add the Chinese (Simplified) speech pack in Settings › Time &amp; language › Speech.</source>
            <translation>本机没有普通话语音。Debian、统信 UOS 或麒麟：sudo apt install speech-dispatcher speech-dispatcher-espeak-ng（安装包和 tools/system-deps.sh 会自动安装）；Windows：在“设置 › 时间和语言 › 语音”中添加“中文（简体）”语音包。</translation>
        </message>
        <message>
            <source>complete: %1 phrases</source>
            <translation>已录齐：%1 个词语</translation>
        </message>
        <message>
            <source>%1 of %2 phrases recorded; missing: %3</source>
            <translation>已录 %1 个词语，共需 %2 个；缺少：%3</translation>
        </message>
        <message>
            <source>No hall display has started yet.</source>
            <translation>还没有叫号屏启动过。</translation>
        </message>
        <message>
            <source>%1: %2 (since %3)</source>
            <translation>%1：%2（%3 起）</translation>
        </message>
        <message>
            <source>Saved. The hall displays take it up within a minute.</source>
            <translation>已保存。叫号屏在一分钟内生效。</translation>
        </message>
        <message>
            <source>Saying 「%1」 with %2.</source>
            <translation>正在用%2播报「%1」。</translation>
        </message>
    </context>
    <context>
        <name>WindowDialog</name>
        <message>
            <source>New window</source>
            <translation>新增窗口</translation>
        </message>
        <message>
            <source>Edit window %1</source>
            <translation>编辑%1号窗口</translation>
        </message>
        <message>
            <source>In &amp;use</source>
            <translation>启用(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;Number:</source>
            <translation>窗口号(&amp;N)：</translation>
        </message>
        <message>
            <source>N&amp;ame:</source>
            <translation>名称(&amp;A)：</translation>
        </message>
        <message>
            <source>&amp;Description:</source>
            <translation>说明(&amp;D)：</translation>
        </message>
        <message>
            <source>Services served at this window</source>
            <translation>本窗口办理的业务</translation>
        </message>
    </context>
    <context>
        <name>WindowsScreen</name>
        <message>
            <source>Service windows</source>
            <translation>服务窗口</translation>
        </message>
        <message>
            <source>No.</source>
            <translation>窗口号</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>窗口名称</translation>
        </message>
        <message>
            <source>Services</source>
            <translation>办理业务</translation>
        </message>
        <message>
            <source>Description</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>启用</translation>
        </message>
        <message>
            <source>&amp;New window…</source>
            <translation>新增窗口(&amp;N)…</translation>
        </message>
        <message>
            <source>Queue services (ticket letters)</source>
            <translation>排队业务（取号字母）</translation>
        </message>
        <message>
            <source>Letter</source>
            <translation>字母</translation>
        </message>
        <message>
            <source>Service</source>
            <translation>业务名称</translation>
        </message>
        <message>
            <source>Served at windows</source>
            <translation>办理窗口</translation>
        </message>
        <message>
            <source>New &amp;service…</source>
            <translation>新增业务(&amp;S)…</translation>
        </message>
    </context>
</TS>
