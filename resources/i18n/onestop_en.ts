<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
    <context>
        <name>Actions</name>
        <message>
            <source>First-run setup</source>
            <translation>First-run setup</translation>
        </message>
        <message>
            <source>Edit the center</source>
            <translation>Edit the center</translation>
        </message>
        <message>
            <source>Save a queue service</source>
            <translation>Save a queue service</translation>
        </message>
        <message>
            <source>Save a window</source>
            <translation>Save a window</translation>
        </message>
        <message>
            <source>Save a room</source>
            <translation>Save a room</translation>
        </message>
        <message>
            <source>Save a department</source>
            <translation>Save a department</translation>
        </message>
        <message>
            <source>Save a petition category</source>
            <translation>Save a petition category</translation>
        </message>
        <message>
            <source>Save a dispute type</source>
            <translation>Save a dispute type</translation>
        </message>
        <message>
            <source>Change a calendar day</source>
            <translation>Change a calendar day</translation>
        </message>
        <message>
            <source>Import official holidays</source>
            <translation>Import official holidays</translation>
        </message>
        <message>
            <source>Change several calendar days</source>
            <translation>Change several calendar days</translation>
        </message>
        <message>
            <source>Import the State Council's holiday notice</source>
            <translation>Import the State Council's holiday notice</translation>
        </message>
        <message>
            <source>Confirm a calendar year as official</source>
            <translation>Confirm a calendar year as official</translation>
        </message>
        <message>
            <source>Change rules and limits</source>
            <translation>Change rules and limits</translation>
        </message>
        <message>
            <source>Add a user</source>
            <translation>Add a user</translation>
        </message>
        <message>
            <source>Edit a user</source>
            <translation>Edit a user</translation>
        </message>
        <message>
            <source>Reset a password</source>
            <translation>Reset a password</translation>
        </message>
        <message>
            <source>Change own password</source>
            <translation>Change own password</translation>
        </message>
        <message>
            <source>Unlock a user</source>
            <translation>Unlock a user</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>Sign in</translation>
        </message>
        <message>
            <source>Failed sign-in</source>
            <translation>Failed sign-in</translation>
        </message>
        <message>
            <source>Lock the screen</source>
            <translation>Lock the screen</translation>
        </message>
        <message>
            <source>Unlock the screen</source>
            <translation>Unlock the screen</translation>
        </message>
        <message>
            <source>Failed screen unlock</source>
            <translation>Failed screen unlock</translation>
        </message>
        <message>
            <source>Save a person</source>
            <translation>Save a person</translation>
        </message>
        <message>
            <source>Show a full ID or phone number</source>
            <translation>Show a full ID or phone number</translation>
        </message>
        <message>
            <source>Register a petition</source>
            <translation>Register a petition</translation>
        </message>
        <message>
            <source>Accept and assign a petition</source>
            <translation>Accept and assign a petition</translation>
        </message>
        <message>
            <source>Refuse a petition</source>
            <translation>Refuse a petition</translation>
        </message>
        <message>
            <source>Object to an assignment</source>
            <translation>Object to an assignment</translation>
        </message>
        <message>
            <source>Record meeting the petitioner</source>
            <translation>Record meeting the petitioner</translation>
        </message>
        <message>
            <source>Record the handling</source>
            <translation>Record the handling</translation>
        </message>
        <message>
            <source>Conclude a petition</source>
            <translation>Conclude a petition</translation>
        </message>
        <message>
            <source>Record a petition follow-up visit</source>
            <translation>Record a petition follow-up visit</translation>
        </message>
        <message>
            <source>Withdraw a petition</source>
            <translation>Withdraw a petition</translation>
        </message>
        <message>
            <source>Edit a petition</source>
            <translation>Edit a petition</translation>
        </message>
        <message>
            <source>Request an extension</source>
            <translation>Request an extension</translation>
        </message>
        <message>
            <source>Decide on an extension</source>
            <translation>Decide on an extension</translation>
        </message>
        <message>
            <source>Record a hearing</source>
            <translation>Record a hearing</translation>
        </message>
        <message>
            <source>Supervise a petition</source>
            <translation>Supervise a petition</translation>
        </message>
        <message>
            <source>Answer a supervision</source>
            <translation>Answer a supervision</translation>
        </message>
        <message>
            <source>Request a review or recheck</source>
            <translation>Request a review or recheck</translation>
        </message>
        <message>
            <source>Record a repeat visit</source>
            <translation>Record a repeat visit</translation>
        </message>
        <message>
            <source>Add an attachment</source>
            <translation>Add an attachment</translation>
        </message>
        <message>
            <source>Enrol a mediator</source>
            <translation>Enrol a mediator</translation>
        </message>
        <message>
            <source>Save a mediator</source>
            <translation>Save a mediator</translation>
        </message>
        <message>
            <source>Register a dispute</source>
            <translation>Register a dispute</translation>
        </message>
        <message>
            <source>Edit a dispute</source>
            <translation>Edit a dispute</translation>
        </message>
        <message>
            <source>Close a dispute: mediation failed</source>
            <translation>Close a dispute: mediation failed</translation>
        </message>
        <message>
            <source>Close a dispute: mediation terminated</source>
            <translation>Close a dispute: mediation terminated</translation>
        </message>
        <message>
            <source>Close a dispute: referred elsewhere</source>
            <translation>Close a dispute: referred elsewhere</translation>
        </message>
        <message>
            <source>Print a dispute registration form</source>
            <translation>Print a dispute registration form</translation>
        </message>
        <message>
            <source>Record a mediation session</source>
            <translation>Record a mediation session</translation>
        </message>
        <message>
            <source>Edit a mediation session record</source>
            <translation>Edit a mediation session record</translation>
        </message>
        <message>
            <source>Draft a mediation agreement</source>
            <translation>Draft a mediation agreement</translation>
        </message>
        <message>
            <source>Save an agreement draft</source>
            <translation>Save an agreement draft</translation>
        </message>
        <message>
            <source>Discard an agreement draft</source>
            <translation>Discard an agreement draft</translation>
        </message>
        <message>
            <source>Finalise a mediation agreement</source>
            <translation>Finalise a mediation agreement</translation>
        </message>
        <message>
            <source>Record the signing of an agreement</source>
            <translation>Record the signing of an agreement</translation>
        </message>
        <message>
            <source>Record the performance of an agreement</source>
            <translation>Record the performance of an agreement</translation>
        </message>
        <message>
            <source>Print a mediation agreement</source>
            <translation>Print a mediation agreement</translation>
        </message>
        <message>
            <source>Remind the parties of judicial confirmation</source>
            <translation>Remind the parties of judicial confirmation</translation>
        </message>
        <message>
            <source>Judicial confirmation applied for</source>
            <translation>Judicial confirmation applied for</translation>
        </message>
        <message>
            <source>Judicial confirmation granted</source>
            <translation>Judicial confirmation granted</translation>
        </message>
        <message>
            <source>Judicial confirmation rejected</source>
            <translation>Judicial confirmation rejected</translation>
        </message>
        <message>
            <source>Judicial confirmation declined</source>
            <translation>Judicial confirmation declined</translation>
        </message>
        <message>
            <source>Record a mediation follow-up visit</source>
            <translation>Record a mediation follow-up visit</translation>
        </message>
        <message>
            <source>Book a room</source>
            <translation>Book a room</translation>
        </message>
        <message>
            <source>Confirm a room booking</source>
            <translation>Confirm a room booking</translation>
        </message>
        <message>
            <source>Move a room booking</source>
            <translation>Move a room booking</translation>
        </message>
        <message>
            <source>Cancel a room booking</source>
            <translation>Cancel a room booking</translation>
        </message>
        <message>
            <source>Parties did not come to a booking</source>
            <translation>Parties did not come to a booking</translation>
        </message>
        <message>
            <source>Book outside opening hours</source>
            <translation>Book outside opening hours</translation>
        </message>
        <message>
            <source>Preview a case file</source>
            <translation>Preview a case file</translation>
        </message>
        <message>
            <source>Finalise a case file</source>
            <translation>Finalise a case file</translation>
        </message>
        <message>
            <source>Make a new case file version</source>
            <translation>Make a new case file version</translation>
        </message>
        <message>
            <source>Open a stored case file</source>
            <translation>Open a stored case file</translation>
        </message>
        <message>
            <source>Export case files</source>
            <translation>Export case files</translation>
        </message>
        <message>
            <source>Book a queue appointment</source>
            <translation>Book a queue appointment</translation>
        </message>
        <message>
            <source>Cancel a queue appointment</source>
            <translation>Cancel a queue appointment</translation>
        </message>
        <message>
            <source>Check in an appointment</source>
            <translation>Check in an appointment</translation>
        </message>
        <message>
            <source>Open a bad-rating follow-up</source>
            <translation>Open a bad-rating follow-up</translation>
        </message>
        <message>
            <source>Answer a bad-rating follow-up</source>
            <translation>Answer a bad-rating follow-up</translation>
        </message>
        <message>
            <source>Rate a matter's outcome at the kiosk</source>
            <translation>Rate a matter's outcome at the kiosk</translation>
        </message>
        <message>
            <source>Register a window matter</source>
            <translation>Register a window matter</translation>
        </message>
        <message>
            <source>Conclude a window matter</source>
            <translation>Conclude a window matter</translation>
        </message>
        <message>
            <source>Hand a matter over</source>
            <translation>Hand a matter over</translation>
        </message>
        <message>
            <source>Acknowledge a matter handed over</source>
            <translation>Acknowledge a matter handed over</translation>
        </message>
        <message>
            <source>Import work orders</source>
            <translation>Import work orders</translation>
        </message>
        <message>
            <source>Discard an interrupted import</source>
            <translation>Discard an interrupted import</translation>
        </message>
        <message>
            <source>Update from an imported work order</source>
            <translation>Update from an imported work order</translation>
        </message>
        <message>
            <source>Save a category synonym</source>
            <translation>Save a category synonym</translation>
        </message>
        <message>
            <source>Save an export layout</source>
            <translation>Save an export layout</translation>
        </message>
        <message>
            <source>Export handling results</source>
            <translation>Export handling results</translation>
        </message>
        <message>
            <source>Add the first administrator</source>
            <translation>Add the first administrator</translation>
        </message>
        <message>
            <source>Record a voice clip</source>
            <translation>Record a voice clip</translation>
        </message>
        <message>
            <source>Delete a voice clip</source>
            <translation>Delete a voice clip</translation>
        </message>
        <message>
            <source>Import a voice pack</source>
            <translation>Import a voice pack</translation>
        </message>
        <message>
            <source>Change the hall voice settings</source>
            <translation>Change the hall voice settings</translation>
        </message>
        <message>
            <source>Change the ticket printer settings</source>
            <translation>Change the ticket printer settings</translation>
        </message>
        <message>
            <source>Enter the personal data key</source>
            <translation>Enter the personal data key</translation>
        </message>
        <message>
            <source>Print the key recovery sheet</source>
            <translation>Print the key recovery sheet</translation>
        </message>
        <message>
            <source>Back up the database</source>
            <translation>Back up the database</translation>
        </message>
        <message>
            <source>Restore the database</source>
            <translation>Restore the database</translation>
        </message>
        <message>
            <source>%1 %2</source>
            <translation>%1 %2</translation>
        </message>
        <message>
            <source>Other operation</source>
            <translation>Other operation</translation>
        </message>
    </context>
    <context>
        <name>AdminArea</name>
        <message>
            <source>Center</source>
            <translation>Center</translation>
        </message>
        <message>
            <source>Windows &amp;&amp; services</source>
            <translation>Windows &amp;&amp; services</translation>
        </message>
        <message>
            <source>Rooms</source>
            <translation>Rooms</translation>
        </message>
        <message>
            <source>Departments</source>
            <translation>Departments</translation>
        </message>
        <message>
            <source>Categories &amp;&amp; dispute types</source>
            <translation>Categories &amp;&amp; dispute types</translation>
        </message>
        <message>
            <source>Working-day calendar</source>
            <translation>Working-day calendar</translation>
        </message>
        <message>
            <source>Users</source>
            <translation>Users</translation>
        </message>
        <message>
            <source>Audit log</source>
            <translation>Audit log</translation>
        </message>
        <message>
            <source>Backups</source>
            <translation>Backups</translation>
        </message>
        <message>
            <source>Hall voice &amp;&amp; printer</source>
            <translation>Hall voice &amp;&amp; printer</translation>
        </message>
    </context>
    <context>
        <name>AdminCommon</name>
        <message>
            <source>Yes</source>
            <translation>Yes</translation>
        </message>
        <message>
            <source>No</source>
            <translation>No</translation>
        </message>
        <message>
            <source>&amp;New…</source>
            <translation>&amp;New…</translation>
        </message>
        <message>
            <source>Add a new entry</source>
            <translation>Add a new entry</translation>
        </message>
        <message>
            <source>&amp;Edit…</source>
            <translation>&amp;Edit…</translation>
        </message>
        <message>
            <source>Edit the selected entry (Enter, F2, double-click)</source>
            <translation>Edit the selected entry (Enter, F2, double-click)</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Save</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Saving…</translation>
        </message>
    </context>
    <context>
        <name>AgreementEditor</name>
        <message>
            <source>Mediation agreement — %1</source>
            <translation>Mediation agreement — %1</translation>
        </message>
        <message>
            <source>Side</source>
            <translation>Side</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Gender</source>
            <translation>Gender</translation>
        </message>
        <message>
            <source>Born</source>
            <translation>Born</translation>
        </message>
        <message>
            <source>ID number / representative</source>
            <translation>ID number / representative</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Agent</source>
            <translation>Agent</translation>
        </message>
        <message>
            <source>No.</source>
            <translation>No.</translation>
        </message>
        <message>
            <source>Agreed term</source>
            <translation>Agreed term</translation>
        </message>
        <message>
            <source>Performed by</source>
            <translation>Performed by</translation>
        </message>
        <message>
            <source>How it is performed</source>
            <translation>How it is performed</translation>
        </message>
        <message>
            <source>By (yyyy-mm-dd)</source>
            <translation>By (yyyy-mm-dd)</translation>
        </message>
        <message>
            <source>Version:</source>
            <translation>Version:</translation>
        </message>
        <message>
            <source>Every item Article 29 requires is present. Print it for signing; once every party, the mediator and the committee's seal are on it, record the signing, then finalise.</source>
            <translation>Every item Article 29 requires is present. Print it for signing; once every party, the mediator and the committee's seal are on it, record the signing, then finalise.</translation>
        </message>
        <message>
            <source>Version %1 becomes final: the agreement is in effect and case %2 is closed as agreed.</source>
            <translation>Version %1 becomes final: the agreement is in effect and case %2 is closed as agreed.</translation>
        </message>
        <message>
            <source>Finalise and close the case</source>
            <translation>Finalise and close the case</translation>
        </message>
        <message>
            <source>The case was closed by agreement.</source>
            <translation>The case was closed by agreement.</translation>
        </message>
        <message>
            <source>Version %1 is final and in effect; the case is closed.</source>
            <translation>Version %1 is final and in effect; the case is closed.</translation>
        </message>
        <message>
            <source>%1 remaining sessions cancelled.</source>
            <translation>%1 remaining sessions cancelled.</translation>
        </message>
        <message>
            <source>Disputed &amp;matters:</source>
            <translation>Disputed &amp;matters:</translation>
        </message>
        <message>
            <source>Each party's &amp;responsibility:</source>
            <translation>Each party's &amp;responsibility:</translation>
        </message>
        <message>
            <source>Content of the &amp;oral agreement:</source>
            <translation>Content of the &amp;oral agreement:</translation>
        </message>
        <message>
            <source>&lt;b&gt;Agreed terms&lt;/b&gt;</source>
            <translation>&lt;b&gt;Agreed terms&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Add &amp;term</source>
            <translation>Add &amp;term</translation>
        </message>
        <message>
            <source>Remove term</source>
            <translation>Remove term</translation>
        </message>
        <message>
            <source>Other matters:</source>
            <translation>Other matters:</translation>
        </message>
        <message>
            <source>&lt;b&gt;The parties' basic information&lt;/b&gt; (from the registration)</source>
            <translation>&lt;b&gt;The parties' basic information&lt;/b&gt; (from the registration)</translation>
        </message>
        <message>
            <source>&lt;b&gt;Article 29 checklist&lt;/b&gt;</source>
            <translation>&lt;b&gt;Article 29 checklist&lt;/b&gt;</translation>
        </message>
        <message>
            <source>&amp;Save draft</source>
            <translation>&amp;Save draft</translation>
        </message>
        <message>
            <source>&amp;Finalise…</source>
            <translation>&amp;Finalise…</translation>
        </message>
        <message>
            <source>Freeze the agreement; it is refused while an item is missing</source>
            <translation>Freeze the agreement; it is refused while an item is missing</translation>
        </message>
        <message>
            <source>&amp;Correct (new version)</source>
            <translation>&amp;Correct (new version)</translation>
        </message>
        <message>
            <source>Record si&amp;gning…</source>
            <translation>Record si&amp;gning…</translation>
        </message>
        <message>
            <source>&amp;Print</source>
            <translation>&amp;Print</translation>
        </message>
        <message>
            <source>Discard draft</source>
            <translation>Discard draft</translation>
        </message>
        <message>
            <source>Version %1 — %2</source>
            <translation>Version %1 — %2</translation>
        </message>
        <message>
            <source>finalised %1 by %2</source>
            <translation>finalised %1 by %2</translation>
        </message>
        <message>
            <source>signed %1</source>
            <translation>signed %1</translation>
        </message>
        <message>
            <source>Ma&amp;in facts:</source>
            <translation>Ma&amp;in facts:</translation>
        </message>
        <message>
            <source>Reaso&amp;n for the correction:</source>
            <translation>Reaso&amp;n for the correction:</translation>
        </message>
        <message>
            <source>Every party, the mediator and the committee's seal are on the printed agreement: record it, then finalise</source>
            <translation>Every party, the mediator and the committee's seal are on the printed agreement: record it, then finalise</translation>
        </message>
        <message>
            <source>Print one copy per party plus one for the committee (a complete draft prints for signing)</source>
            <translation>Print one copy per party plus one for the committee (a complete draft prints for signing)</translation>
        </message>
        <message>
            <source>not signed yet</source>
            <translation>not signed yet</translation>
        </message>
        <message>
            <source>%1 copies</source>
            <translation>%1 copies</translation>
        </message>
        <message>
            <source>This version is final and cannot be changed. To correct it, start a new version; this one is kept.</source>
            <translation>This version is final and cannot be changed. To correct it, start a new version; this one is kept.</translation>
        </message>
        <message>
            <source>Still required before finalising:</source>
            <translation>Still required before finalising:</translation>
        </message>
        <message>
            <source>Every item Article 29 requires is present. The agreement can be finalised.</source>
            <translation>Every item Article 29 requires is present. The agreement can be finalised.</translation>
        </message>
        <message>
            <source>The deadline of term %1 is not a date (yyyy-mm-dd).</source>
            <translation>The deadline of term %1 is not a date (yyyy-mm-dd).</translation>
        </message>
        <message>
            <source>Draft saved.</source>
            <translation>Draft saved.</translation>
        </message>
        <message>
            <source>Version %1 is a copy to correct; give the reason, then finalise it. The earlier version is kept.</source>
            <translation>Version %1 is a copy to correct; give the reason, then finalise it. The earlier version is kept.</translation>
        </message>
        <message>
            <source>Signed on %1. Finalise it to put it in effect and close the case.</source>
            <translation>Signed on %1. Finalise it to put it in effect and close the case.</translation>
        </message>
        <message>
            <source>Signed on %1: the agreement is in effect.</source>
            <translation>Signed on %1: the agreement is in effect.</translation>
        </message>
        <message>
            <source>Preparing the copies…</source>
            <translation>Preparing the copies…</translation>
        </message>
        <message>
            <source>No print system on this computer: the %1 copies (%2) are open in the PDF viewer; print them from there.</source>
            <translation>No print system on this computer: the %1 copies (%2) are open in the PDF viewer; print them from there.</translation>
        </message>
        <message>
            <source>%1 copies sent to the printer: %2.</source>
            <translation>%1 copies sent to the printer: %2.</translation>
        </message>
        <message>
            <source>Discard version %1 (a draft)?</source>
            <translation>Discard version %1 (a draft)?</translation>
        </message>
    </context>
    <context>
        <name>AnswerDialog</name>
        <message>
            <source>Answer the follow-up of %1</source>
            <translation>Answer the follow-up of %1</translation>
        </message>
        <message>
            <source>%1 on %2 at window %3 (%4): %5
Record: %6
Due: %7</source>
            <translation>%1 on %2 at window %3 (%4): %5
Record: %6
Due: %7</translation>
        </message>
        <message>
            <source>Matter %1 registered on %2, answered for by %3, rated at the kiosk: %4
Outcome: %5
Due: %6</source>
            <translation>Matter %1 registered on %2, answered for by %3, rated at the kiosk: %4
Outcome: %5
Due: %6</translation>
        </message>
        <message>
            <source>What was checked, and what the visitor was told</source>
            <translation>What was checked, and what the visitor was told</translation>
        </message>
        <message>
            <source>Save answer</source>
            <translation>Save answer</translation>
        </message>
    </context>
    <context>
        <name>App</name>
        <message>
            <source>OneStop — Error</source>
            <translation>OneStop — Error</translation>
        </message>
        <message>
            <source>An unexpected error occurred. It has been written to the log file:
%1</source>
            <translation>An unexpected error occurred. It has been written to the log file:
%1</translation>
        </message>
        <message>
            <source>OneStop</source>
            <translation>OneStop</translation>
        </message>
        <message>
            <source>The database is older than this version of OneStop, and this PC's database account may not upgrade it. Ask the administrator to run “onestop db upgrade”, then start OneStop again.</source>
            <translation>The database is older than this version of OneStop, and this PC's database account may not upgrade it. Ask the administrator to run “onestop db upgrade”, then start OneStop again.</translation>
        </message>
    </context>
    <context>
        <name>AppointmentDialog</name>
        <message>
            <source>Book an appointment</source>
            <translation>Book an appointment</translation>
        </message>
        <message>
            <source>&amp;Service:</source>
            <translation>&amp;Service:</translation>
        </message>
        <message>
            <source>&amp;Day:</source>
            <translation>&amp;Day:</translation>
        </message>
        <message>
            <source>&amp;Time:</source>
            <translation>&amp;Time:</translation>
        </message>
        <message>
            <source>Visitor's &amp;name:</source>
            <translation>Visitor's &amp;name:</translation>
        </message>
        <message>
            <source>&amp;Phone (optional):</source>
            <translation>&amp;Phone (optional):</translation>
        </message>
        <message>
            <source>Book</source>
            <translation>Book</translation>
        </message>
    </context>
    <context>
        <name>Areas</name>
        <message>
            <source>Queue</source>
            <translation>Queue</translation>
        </message>
        <message>
            <source>Petitions</source>
            <translation>Petitions</translation>
        </message>
        <message>
            <source>Mediation</source>
            <translation>Mediation</translation>
        </message>
        <message>
            <source>Schedule</source>
            <translation>Schedule</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>Reports</translation>
        </message>
        <message>
            <source>Administration</source>
            <translation>Administration</translation>
        </message>
    </context>
    <context>
        <name>AuditScreen</name>
        <message>
            <source>System</source>
            <translation>System</translation>
        </message>
        <message>
            <source>System (backup)</source>
            <translation>System (backup)</translation>
        </message>
        <message>
            <source>System (demo data)</source>
            <translation>System (demo data)</translation>
        </message>
        <message>
            <source>System (entering the data key)</source>
            <translation>System (entering the data key)</translation>
        </message>
        <message>
            <source>Record ID</source>
            <translation>Record ID</translation>
        </message>
        <message>
            <source>Shows the entries of one record: type its ID</source>
            <translation>Shows the entries of one record: type its ID</translation>
        </message>
        <message>
            <source>&amp;Clear filters</source>
            <translation>&amp;Clear filters</translation>
        </message>
        <message>
            <source>&amp;Verify the log</source>
            <translation>&amp;Verify the log</translation>
        </message>
        <message>
            <source>Check that no entry was changed, removed or inserted behind the application's back</source>
            <translation>Check that no entry was changed, removed or inserted behind the application's back</translation>
        </message>
        <message>
            <source>&amp;From:</source>
            <translation>&amp;From:</translation>
        </message>
        <message>
            <source>&amp;To:</source>
            <translation>&amp;To:</translation>
        </message>
        <message>
            <source>&amp;User:</source>
            <translation>&amp;User:</translation>
        </message>
        <message>
            <source>&amp;Record:</source>
            <translation>&amp;Record:</translation>
        </message>
        <message>
            <source>Te&amp;xt:</source>
            <translation>Te&amp;xt:</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>User</source>
            <translation>User</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>Operation</source>
            <translation>Operation</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Record</translation>
        </message>
        <message>
            <source>ID</source>
            <translation>ID</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>Field</translation>
        </message>
        <message>
            <source>Before</source>
            <translation>Before</translation>
        </message>
        <message>
            <source>After</source>
            <translation>After</translation>
        </message>
        <message>
            <source>All users</source>
            <translation>All users</translation>
        </message>
        <message>
            <source>All records</source>
            <translation>All records</translation>
        </message>
        <message>
            <source>%1 entries</source>
            <translation>%1 entries</translation>
        </message>
        <message>
            <source>Checking every entry of the log…</source>
            <translation>Checking every entry of the log…</translation>
        </message>
        <message>
            <source>The log is intact: %1 entries, none changed, removed or inserted (the chain ends at position %2).</source>
            <translation>The log is intact: %1 entries, none changed, removed or inserted (the chain ends at position %2).</translation>
        </message>
        <message>
            <source>entry #%1 (%2, %3)</source>
            <translation>entry #%1 (%2, %3)</translation>
        </message>
        <message>
            <source>The log was tampered with: %1 was changed after it was written.</source>
            <translation>The log was tampered with: %1 was changed after it was written.</translation>
        </message>
        <message>
            <source>The log was tampered with: %1 was inserted out of order, not by OneStop.</source>
            <translation>The log was tampered with: %1 was inserted out of order, not by OneStop.</translation>
        </message>
        <message>
            <source>The log was tampered with: it was rewritten up to %1.</source>
            <translation>The log was tampered with: it was rewritten up to %1.</translation>
        </message>
        <message>
            <source>The log was tampered with: %2 entries were removed just before %1.</source>
            <translation>The log was tampered with: %2 entries were removed just before %1.</translation>
        </message>
        <message>
            <source>The log was tampered with: its last %2 entries were removed.</source>
            <translation>The log was tampered with: its last %2 entries were removed.</translation>
        </message>
        <message>
            <source>Select an entry to see its values before and after.</source>
            <translation>Select an entry to see its values before and after.</translation>
        </message>
        <message>
            <source>#%1 %2 — %3 %4 by %5 at %6</source>
            <translation>#%1 %2 — %3 %4 by %5 at %6</translation>
        </message>
    </context>
    <context>
        <name>BackupMessages</name>
        <message>
            <source>%1 was not found. Install the PostgreSQL client programs (Debian/Ubuntu: postgresql-client; Windows: the Command Line Tools of the PostgreSQL installer).</source>
            <translation>%1 was not found. Install the PostgreSQL client programs (Debian/Ubuntu: postgresql-client; Windows: the Command Line Tools of the PostgreSQL installer).</translation>
        </message>
        <message>
            <source>Or run by hand, with PGPASSWORD set: %1</source>
            <translation>Or run by hand, with PGPASSWORD set: %1</translation>
        </message>
        <message>
            <source>The backup folder %1 cannot be written: %2</source>
            <translation>The backup folder %1 cannot be written: %2</translation>
        </message>
        <message>
            <source>The backup was cancelled.</source>
            <translation>The backup was cancelled.</translation>
        </message>
        <message>
            <source>The backup could not be made: %1</source>
            <translation>The backup could not be made: %1</translation>
        </message>
        <message>
            <source>%1 does not exist.</source>
            <translation>%1 does not exist.</translation>
        </message>
        <message>
            <source>%1 is not a SQLite database.</source>
            <translation>%1 is not a SQLite database.</translation>
        </message>
        <message>
            <source>%1 is not a pg_dump archive.</source>
            <translation>%1 is not a pg_dump archive.</translation>
        </message>
        <message>
            <source>%1 is damaged and cannot be used (%2).</source>
            <translation>%1 is damaged and cannot be used (%2).</translation>
        </message>
        <message>
            <source>%1 is not a OneStop database.</source>
            <translation>%1 is not a OneStop database.</translation>
        </message>
        <message>
            <source>%1 was written by a newer version of OneStop (schema %2).</source>
            <translation>%1 was written by a newer version of OneStop (schema %2).</translation>
        </message>
        <message>
            <source>The database is open in another program. Close OneStop, the kiosk and the hall display first.</source>
            <translation>The database is open in another program. Close OneStop, the kiosk and the hall display first.</translation>
        </message>
        <message>
            <source>%1 failed: %2</source>
            <translation>%1 failed: %2</translation>
        </message>
        <message>
            <source>%1 minutes ago</source>
            <translation>%1 minutes ago</translation>
        </message>
        <message>
            <source>%1 hours ago</source>
            <translation>%1 hours ago</translation>
        </message>
        <message>
            <source>%1 days ago</source>
            <translation>%1 days ago</translation>
        </message>
    </context>
    <context>
        <name>BackupScreen</name>
        <message>
            <source>Last backup</source>
            <translation>Last backup</translation>
        </message>
        <message>
            <source>Time:</source>
            <translation>Time:</translation>
        </message>
        <message>
            <source>Size:</source>
            <translation>Size:</translation>
        </message>
        <message>
            <source>File:</source>
            <translation>File:</translation>
        </message>
        <message>
            <source>Folder:</source>
            <translation>Folder:</translation>
        </message>
        <message>
            <source>Automatic:</source>
            <translation>Automatic:</translation>
        </message>
        <message>
            <source>&amp;Back up now</source>
            <translation>&amp;Back up now</translation>
        </message>
        <message>
            <source>Back up the database now</source>
            <translation>Back up the database now</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>&amp;Open folder</source>
            <translation>&amp;Open folder</translation>
        </message>
        <message>
            <source>Show the backup folder in the file manager</source>
            <translation>Show the backup folder in the file manager</translation>
        </message>
        <message>
            <source>C&amp;hange folder…</source>
            <translation>C&amp;hange folder…</translation>
        </message>
        <message>
            <source>Keep the backups in another folder, e.g. on a second disk</source>
            <translation>Keep the backups in another folder, e.g. on a second disk</translation>
        </message>
        <message>
            <source>Retention</source>
            <translation>Retention</translation>
        </message>
        <message>
            <source>Daily backups kept (days):</source>
            <translation>Daily backups kept (days):</translation>
        </message>
        <message>
            <source>Monthly backups kept (months):</source>
            <translation>Monthly backups kept (months):</translation>
        </message>
        <message>
            <source>The newest backup of each day and of each month is kept for this long; older ones are removed after the next successful backup. Copies taken before a version upgrade are never removed.</source>
            <translation>The newest backup of each day and of each month is kept for this long; older ones are removed after the next successful backup. Copies taken before a version upgrade are never removed.</translation>
        </message>
        <message>
            <source>&amp;Save retention</source>
            <translation>&amp;Save retention</translation>
        </message>
        <message>
            <source>Save the retention settings</source>
            <translation>Save the retention settings</translation>
        </message>
        <message>
            <source>To restore a backup, close OneStop, the kiosk and the hall display on this PC, then run:
    onestop restore FILE
The backup is checked first; the replaced database is kept beside it.</source>
            <translation>To restore a backup, close OneStop, the kiosk and the hall display on this PC, then run:
    onestop restore FILE
The backup is checked first; the replaced database is kept beside it.</translation>
        </message>
        <message>
            <source>Taken</source>
            <translation>Taken</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>Size</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>File</source>
            <translation>File</translation>
        </message>
        <message>
            <source>Backups in the folder</source>
            <translation>Backups in the folder</translation>
        </message>
        <message>
            <source>Before an upgrade</source>
            <translation>Before an upgrade</translation>
        </message>
        <message>
            <source>SQLite copy</source>
            <translation>SQLite copy</translation>
        </message>
        <message>
            <source>pg_dump archive</source>
            <translation>pg_dump archive</translation>
        </message>
        <message>
            <source>No backup yet</source>
            <translation>No backup yet</translation>
        </message>
        <message>
            <source>bytes</source>
            <translation>bytes</translation>
        </message>
        <message>
            <source>Every day while OneStop runs on this PC (SQLite online backup).</source>
            <translation>Every day while OneStop runs on this PC (SQLite online backup).</translation>
        </message>
        <message>
            <source>None for a PostgreSQL server: schedule “onestop backup” (pg_dump) on one PC every day.</source>
            <translation>None for a PostgreSQL server: schedule “onestop backup” (pg_dump) on one PC every day.</translation>
        </message>
        <message>
            <source>The last attempt failed (%1): %2</source>
            <translation>The last attempt failed (%1): %2</translation>
        </message>
        <message>
            <source>Backing up…</source>
            <translation>Backing up…</translation>
        </message>
        <message>
            <source>Copying and checking the database…</source>
            <translation>Copying and checking the database…</translation>
        </message>
        <message>
            <source>Backup done: %1 (%2).</source>
            <translation>Backup done: %1 (%2).</translation>
        </message>
        <message>
            <source>%1 older backups removed by retention.</source>
            <translation>%1 older backups removed by retention.</translation>
        </message>
        <message>
            <source>The backup was cancelled; nothing was kept.</source>
            <translation>The backup was cancelled; nothing was kept.</translation>
        </message>
        <message>
            <source>Backup folder</source>
            <translation>Backup folder</translation>
        </message>
        <message>
            <source>Backups now go to %1.</source>
            <translation>Backups now go to %1.</translation>
        </message>
        <message>
            <source>Retention saved: %1 days, %2 months.</source>
            <translation>Retention saved: %1 days, %2 months.</translation>
        </message>
    </context>
    <context>
        <name>BackupWarning</name>
        <message>
            <source>No backup of the database has been made yet.</source>
            <translation>No backup of the database has been made yet.</translation>
        </message>
        <message>
            <source>No successful backup for %1 days (last: %2).</source>
            <translation>No successful backup for %1 days (last: %2).</translation>
        </message>
        <message>
            <source>See Administration → Backups.</source>
            <translation>See Administration → Backups.</translation>
        </message>
        <message>
            <source>Please tell the administrator.</source>
            <translation>Please tell the administrator.</translation>
        </message>
    </context>
    <context>
        <name>BookingDialog</name>
        <message>
            <source>Move a session</source>
            <translation>Move a session</translation>
        </message>
        <message>
            <source>Book a session</source>
            <translation>Book a session</translation>
        </message>
        <message>
            <source>Case number, party or subject</source>
            <translation>Case number, party or subject</translation>
        </message>
        <message>
            <source>Public mediation</source>
            <translation>Public mediation</translation>
        </message>
        <message>
            <source>Tentative (does not occupy the room yet)</source>
            <translation>Tentative (does not occupy the room yet)</translation>
        </message>
        <message>
            <source>Book outside opening hours or on a day off</source>
            <translation>Book outside opening hours or on a day off</translation>
        </message>
        <message>
            <source>&amp;Find case:</source>
            <translation>&amp;Find case:</translation>
        </message>
        <message>
            <source>&amp;Case:</source>
            <translation>&amp;Case:</translation>
        </message>
        <message>
            <source>Case:</source>
            <translation>Case:</translation>
        </message>
        <message>
            <source>&amp;Room:</source>
            <translation>&amp;Room:</translation>
        </message>
        <message>
            <source>fro&amp;m</source>
            <translation>fro&amp;m</translation>
        </message>
        <message>
            <source>&amp;to</source>
            <translation>&amp;to</translation>
        </message>
        <message>
            <source>&amp;Day and time:</source>
            <translation>&amp;Day and time:</translation>
        </message>
        <message>
            <source>Mediators:</source>
            <translation>Mediators:</translation>
        </message>
        <message>
            <source>Parties attending:</source>
            <translation>Parties attending:</translation>
        </message>
        <message>
            <source>Note:</source>
            <translation>Note:</translation>
        </message>
        <message>
            <source>Move</source>
            <translation>Move</translation>
        </message>
        <message>
            <source>Book</source>
            <translation>Book</translation>
        </message>
        <message>
            <source>Find a &amp;slot…</source>
            <translation>Find a &amp;slot…</translation>
        </message>
        <message>
            <source>The earliest times when the room, the mediators and the parties are free</source>
            <translation>The earliest times when the room, the mediators and the parties are free</translation>
        </message>
        <message>
            <source>Choose the case to book a session for.</source>
            <translation>Choose the case to book a session for.</translation>
        </message>
        <message>
            <source>%1, %2–%3: the room, the mediators and the parties are free.</source>
            <translation>%1, %2–%3: the room, the mediators and the parties are free.</translation>
        </message>
    </context>
    <context>
        <name>Calendar</name>
        <message>
            <source>Tell whether accepted</source>
            <translation>Tell whether accepted</translation>
        </message>
        <message>
            <source>Objection period</source>
            <translation>Objection period</translation>
        </message>
        <message>
            <source>Conclude</source>
            <translation>Conclude</translation>
        </message>
        <message>
            <source>复查 opinion</source>
            <translation>复查 opinion</translation>
        </message>
        <message>
            <source>复核 opinion</source>
            <translation>复核 opinion</translation>
        </message>
        <message>
            <source>Mediation term</source>
            <translation>Mediation term</translation>
        </message>
        <message>
            <source>Bad-rating follow-up</source>
            <translation>Bad-rating follow-up</translation>
        </message>
        <message>
            <source>State Council notice</source>
            <translation>State Council notice</translation>
        </message>
        <message>
            <source>Official holidays of this version</source>
            <translation>Official holidays of this version</translation>
        </message>
        <message>
            <source>A day changed by hand</source>
            <translation>A day changed by hand</translation>
        </message>
        <message>
            <source>Days changed by hand</source>
            <translation>Days changed by hand</translation>
        </message>
        <message>
            <source>Year confirmed by hand</source>
            <translation>Year confirmed by hand</translation>
        </message>
        <message>
            <source>official holidays shipped with OneStop (%1)</source>
            <translation>official holidays shipped with OneStop (%1)</translation>
        </message>
        <message>
            <source>State Council notice 《%1》</source>
            <translation>State Council notice 《%1》</translation>
        </message>
        <message>
            <source>entered by hand and confirmed (%1)</source>
            <translation>entered by hand and confirmed (%1)</translation>
        </message>
        <message>
            <source>Petition</source>
            <translation>Petition</translation>
        </message>
        <message>
            <source>Dispute</source>
            <translation>Dispute</translation>
        </message>
        <message>
            <source>Provisional: the holidays of %1 are not official in OneStop yet (weekends only). The date may move when the State Council's notice is imported.</source>
            <translation>Provisional: the holidays of %1 are not official in OneStop yet (weekends only). The date may move when the State Council's notice is imported.</translation>
        </message>
        <message>
            <source>(provisional)</source>
            <translation>(provisional)</translation>
        </message>
        <message>
            <source>provisional: weekends only</source>
            <translation>provisional: weekends only</translation>
        </message>
        <message>
            <source>, entered %1 by %2</source>
            <translation>, entered %1 by %2</translation>
        </message>
        <message>
            <source>Line %1 (“%2”)</source>
            <translation>Line %1 (“%2”)</translation>
        </message>
        <message>
            <source>Nothing was saved.</source>
            <translation>Nothing was saved.</translation>
        </message>
        <message>
            <source>The text is empty: paste the notice or open its file.</source>
            <translation>The text is empty: paste the notice or open its file.</translation>
        </message>
        <message>
            <source>No year found: the notice names it in its title, as in 《国务院办公厅关于2027年部分节假日安排的通知》.</source>
            <translation>No year found: the notice names it in its title, as in 《国务院办公厅关于2027年部分节假日安排的通知》.</translation>
        </message>
        <message>
            <source>No holiday found: the notice lists them as items such as “二、春节：2月5日至11日放假调休，共7天。”.</source>
            <translation>No holiday found: the notice lists them as items such as “二、春节：2月5日至11日放假调休，共7天。”.</translation>
        </message>
        <message>
            <source>%1: %2 is printed as %3 but is a %4. Check the year and the date.</source>
            <translation>%1: %2 is printed as %3 but is a %4. Check the year and the date.</translation>
        </message>
        <message>
            <source>%1: the range has %2 days, but the notice says %3.</source>
            <translation>%1: the range has %2 days, but the notice says %3.</translation>
        </message>
        <message>
            <source>%1: %2 is both a day off and a working day.</source>
            <translation>%1: %2 is both a day off and a working day.</translation>
        </message>
        <message>
            <source>%1: %2 is not in the notice's year.</source>
            <translation>%1: %2 is not in the notice's year.</translation>
        </message>
        <message>
            <source>%1: “%2” is not a date.</source>
            <translation>%1: “%2” is not a date.</translation>
        </message>
        <message>
            <source>%1 could not be read: it is neither a holiday's days off nor its make-up working days.</source>
            <translation>%1 could not be read: it is neither a holiday's days off nor its make-up working days.</translation>
        </message>
        <message>
            <source>The file %1 cannot be opened.</source>
            <translation>The file %1 cannot be opened.</translation>
        </message>
        <message>
            <source>%1 is not a notice file OneStop reads (.txt, .html or .pdf).</source>
            <translation>%1 is not a notice file OneStop reads (.txt, .html or .pdf).</translation>
        </message>
        <message>
            <source>%1 is too large for a notice.</source>
            <translation>%1 is too large for a notice.</translation>
        </message>
        <message>
            <source>%1 is neither UTF-8 nor GB18030 text.</source>
            <translation>%1 is neither UTF-8 nor GB18030 text.</translation>
        </message>
        <message>
            <source>%1 is not a readable PDF file.</source>
            <translation>%1 is not a readable PDF file.</translation>
        </message>
        <message>
            <source>%1 has no text layer (a scan): copy the text from the government website instead.</source>
            <translation>%1 has no text layer (a scan): copy the text from the government website instead.</translation>
        </message>
        <message>
            <source>Tickets are issued again on %1, %2–%3.</source>
            <translation>Tickets are issued again on %1, %2–%3.</translation>
        </message>
        <message>
            <source>a public holiday</source>
            <translation>a public holiday</translation>
        </message>
        <message>
            <source>The hall is closed today (%1): %2.</source>
            <translation>The hall is closed today (%1): %2.</translation>
        </message>
        <message>
            <source>The hall is closed today (%1): weekend.</source>
            <translation>The hall is closed today (%1): weekend.</translation>
        </message>
        <message>
            <source>The last day must not be before the first.</source>
            <translation>The last day must not be before the first.</translation>
        </message>
        <message>
            <source>Enter at most %1 days at once.</source>
            <translation>Enter at most %1 days at once.</translation>
        </message>
        <message>
            <source>%1 has no holiday stored yet: import the notice or enter its holidays before marking the year official.</source>
            <translation>%1 has no holiday stored yet: import the notice or enter its holidays before marking the year official.</translation>
        </message>
    </context>
    <context>
        <name>CalendarBanner</name>
        <message>
            <source>&lt;b&gt;The holidays of %1 are not official in OneStop.&lt;/b&gt; Working days of %1 are counted with weekends only, so deadlines can come out early or land on a holiday; they are marked provisional.</source>
            <translation>&lt;b&gt;The holidays of %1 are not official in OneStop.&lt;/b&gt; Working days of %1 are counted with weekends only, so deadlines can come out early or land on a holiday; they are marked provisional.</translation>
        </message>
        <message>
            <source>&lt;b&gt;The holidays of %1 are not official in OneStop yet.&lt;/b&gt; Deadlines that reach into %1 are counted with weekends only and marked provisional.</source>
            <translation>&lt;b&gt;The holidays of %1 are not official in OneStop yet.&lt;/b&gt; Deadlines that reach into %1 are counted with weekends only and marked provisional.</translation>
        </message>
        <message>
            <source>Open cases with a provisional deadline: %1.</source>
            <translation>Open cases with a provisional deadline: %1.</translation>
        </message>
        <message>
            <source>This version of OneStop knows them: import them now.</source>
            <translation>This version of OneStop knows them: import them now.</translation>
        </message>
        <message>
            <source>Import the State Council's notice 《国务院办公厅关于%1年部分节假日安排的通知》 as soon as it is published.</source>
            <translation>Import the State Council's notice 《国务院办公厅关于%1年部分节假日安排的通知》 as soon as it is published.</translation>
        </message>
        <message>
            <source>Import the %1 holidays</source>
            <translation>Import the %1 holidays</translation>
        </message>
        <message>
            <source>Import the %1 notice…</source>
            <translation>Import the %1 notice…</translation>
        </message>
        <message>
            <source>The administrator imports the State Council's notice once it is published; the deadlines it moves are listed for you.</source>
            <translation>The administrator imports the State Council's notice once it is published; the deadlines it moves are listed for you.</translation>
        </message>
        <message>
            <source>Deadline changes…</source>
            <translation>Deadline changes…</translation>
        </message>
    </context>
    <context>
        <name>CalendarScreen</name>
        <message>
            <source>&amp;Working day</source>
            <translation>&amp;Working day</translation>
        </message>
        <message>
            <source>&amp;Day off</source>
            <translation>&amp;Day off</translation>
        </message>
        <message>
            <source>e.g. 春节, 调休上班（春节）</source>
            <translation>e.g. 春节, 调休上班（春节）</translation>
        </message>
        <message>
            <source>&amp;Save day</source>
            <translation>&amp;Save day</translation>
        </message>
        <message>
            <source>Save this day</source>
            <translation>Save this day</translation>
        </message>
        <message>
            <source>&amp;Restore default</source>
            <translation>&amp;Restore default</translation>
        </message>
        <message>
            <source>Monday to Friday are working days, weekends are days off</source>
            <translation>Monday to Friday are working days, weekends are days off</translation>
        </message>
        <message>
            <source>Selected day</source>
            <translation>Selected day</translation>
        </message>
        <message>
            <source>This day is a:</source>
            <translation>This day is a:</translation>
        </message>
        <message>
            <source>&amp;Note:</source>
            <translation>&amp;Note:</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Working day</source>
            <translation>Working day</translation>
        </message>
        <message>
            <source>Day off</source>
            <translation>Day off</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Paste or open 《国务院办公厅关于YYYY年部分节假日安排的通知》: its holidays and make-up working days make the year official</source>
            <translation>Paste or open 《国务院办公厅关于YYYY年部分节假日安排的通知》: its holidays and make-up working days make the year official</translation>
        </message>
        <message>
            <source>&amp;Import official holidays</source>
            <translation>&amp;Import official holidays</translation>
        </message>
        <message>
            <source>Add the State Council's holidays and make-up working days this version of OneStop knows; days already in the calendar are left as they are</source>
            <translation>Add the State Council's holidays and make-up working days this version of OneStop knows; days already in the calendar are left as they are</translation>
        </message>
        <message>
            <source>&amp;Mark the year official…</source>
            <translation>&amp;Mark the year official…</translation>
        </message>
        <message>
            <source>You entered this year's holidays by hand from the published notice: declare the year official</source>
            <translation>You entered this year's holidays by hand from the published notice: declare the year official</translation>
        </message>
        <message>
            <source>Deadline &amp;changes…</source>
            <translation>Deadline &amp;changes…</translation>
        </message>
        <message>
            <source>The deadlines the calendar has moved: case, deadline, old and new date</source>
            <translation>The deadlines the calendar has moved: case, deadline, old and new date</translation>
        </message>
        <message>
            <source>The year's holidays</source>
            <translation>The year's holidays</translation>
        </message>
        <message>
            <source>Days o&amp;ff (holiday)</source>
            <translation>Days o&amp;ff (holiday)</translation>
        </message>
        <message>
            <source>e.g. 春节</source>
            <translation>e.g. 春节</translation>
        </message>
        <message>
            <source>Import the State Council no&amp;tice…</source>
            <translation>Import the State Council no&amp;tice…</translation>
        </message>
        <message>
            <source>Make-up wor&amp;king days (调休)</source>
            <translation>Make-up wor&amp;king days (调休)</translation>
        </message>
        <message>
            <source>Save the da&amp;ys</source>
            <translation>Save the da&amp;ys</translation>
        </message>
        <message>
            <source>Every day from the first to the last becomes a day off (or a working day), with the note</source>
            <translation>Every day from the first to the last becomes a day off (or a working day), with the note</translation>
        </message>
        <message>
            <source>Several days at once</source>
            <translation>Several days at once</translation>
        </message>
        <message>
            <source>to</source>
            <translation>to</translation>
        </message>
        <message>
            <source>From:</source>
            <translation>From:</translation>
        </message>
        <message>
            <source>These days are:</source>
            <translation>These days are:</translation>
        </message>
        <message>
            <source>Note:</source>
            <translation>Note:</translation>
        </message>
        <message>
            <source>public holiday</source>
            <translation>public holiday</translation>
        </message>
        <message>
            <source>make-up working day (调休)</source>
            <translation>make-up working day (调休)</translation>
        </message>
        <message>
            <source>weekend</source>
            <translation>weekend</translation>
        </message>
        <message>
            <source>MMMM yyyy</source>
            <comment>date format of a month</comment>
            <translation>MMMM yyyy</translation>
        </message>
        <message>
            <source>Holidays and make-up days in %1</source>
            <translation>Holidays and make-up days in %1</translation>
        </message>
        <message>
            <source>%1: before OneStop's calendar.</source>
            <translation>%1: before OneStop's calendar.</translation>
        </message>
        <message>
            <source>&amp;Mark %1 official…</source>
            <translation>&amp;Mark %1 official…</translation>
        </message>
        <message>
            <source>An ordinary working day.</source>
            <translation>An ordinary working day.</translation>
        </message>
        <message>
            <source>Weekend: a day off.</source>
            <translation>Weekend: a day off.</translation>
        </message>
        <message>
            <source>A day off (holiday).</source>
            <translation>A day off (holiday).</translation>
        </message>
        <message>
            <source>A make-up working day on a weekend (调休).</source>
            <translation>A make-up working day on a weekend (调休).</translation>
        </message>
        <message>
            <source>A day off.</source>
            <translation>A day off.</translation>
        </message>
        <message>
            <source>Saved: %1 is a working day.</source>
            <translation>Saved: %1 is a working day.</translation>
        </message>
        <message>
            <source>Saved: %1 is a day off.</source>
            <translation>Saved: %1 is a day off.</translation>
        </message>
        <message>
            <source>Saved: %1 to %2 are working days (%3 days changed).</source>
            <translation>Saved: %1 to %2 are working days (%3 days changed).</translation>
        </message>
        <message>
            <source>Saved: %1 to %2 are days off (%3 days changed).</source>
            <translation>Saved: %1 to %2 are days off (%3 days changed).</translation>
        </message>
        <message>
            <source>%1 open deadlines were recomputed.</source>
            <translation>%1 open deadlines were recomputed.</translation>
        </message>
        <message>
            <source>The %1 calendar is official: %2 days saved from the State Council's notice.</source>
            <translation>The %1 calendar is official: %2 days saved from the State Council's notice.</translation>
        </message>
        <message>
            <source>Mark %1 official</source>
            <translation>Mark %1 official</translation>
        </message>
        <message>
            <source>Have you entered every holiday and make-up working day of %1 from the State Council's notice? Deadlines are then no longer shown as provisional.</source>
            <translation>Have you entered every holiday and make-up working day of %1 from the State Council's notice? Deadlines are then no longer shown as provisional.</translation>
        </message>
        <message>
            <source>entered by hand</source>
            <translation>entered by hand</translation>
        </message>
        <message>
            <source>%1 days added from the official calendar. It is known up to %2; import the State Council's notice for later years once it is published.</source>
            <translation>%1 days added from the official calendar. It is known up to %2; import the State Council's notice for later years once it is published.</translation>
        </message>
    </context>
    <context>
        <name>CalendarView</name>
        <message>
            <source>No rooms to show.</source>
            <translation>No rooms to show.</translation>
        </message>
        <message>
            <source>Mediators: %1</source>
            <translation>Mediators: %1</translation>
        </message>
        <message>
            <source>Parties: %1</source>
            <translation>Parties: %1</translation>
        </message>
        <message>
            <source>private</source>
            <translation>private</translation>
        </message>
    </context>
    <context>
        <name>CaseFilePanel</name>
        <message>
            <source>Case file (卷宗)</source>
            <translation>Case file (卷宗)</translation>
        </message>
        <message>
            <source>Finalise case file…</source>
            <translation>Finalise case file…</translation>
        </message>
        <message>
            <source>Build the case file of this closed case and store it as version 1</source>
            <translation>Build the case file of this closed case and store it as version 1</translation>
        </message>
        <message>
            <source>Preview</source>
            <translation>Preview</translation>
        </message>
        <message>
            <source>Build the case file now and open it without storing it</source>
            <translation>Build the case file now and open it without storing it</translation>
        </message>
        <message>
            <source>New version…</source>
            <translation>New version…</translation>
        </message>
        <message>
            <source>Build and store a new version, with the reason; earlier versions are kept</source>
            <translation>Build and store a new version, with the reason; earlier versions are kept</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>Version</translation>
        </message>
        <message>
            <source>Finalised</source>
            <translation>Finalised</translation>
        </message>
        <message>
            <source>By</source>
            <translation>By</translation>
        </message>
        <message>
            <source>Pages</source>
            <translation>Pages</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Checksum (SHA-256)</source>
            <translation>Checksum (SHA-256)</translation>
        </message>
        <message>
            <source>Stored: version %1 of %2, %3 pages, SHA-256 %4…</source>
            <translation>Stored: version %1 of %2, %3 pages, SHA-256 %4…</translation>
        </message>
        <message>
            <source>The case is closed: finalise its case file to store it for the archive.</source>
            <translation>The case is closed: finalise its case file to store it for the archive.</translation>
        </message>
        <message>
            <source>A case file is made once the case is closed.</source>
            <translation>A case file is made once the case is closed.</translation>
        </message>
        <message>
            <source>Building the case file…</source>
            <translation>Building the case file…</translation>
        </message>
        <message>
            <source>Case file finalised: version %1, %2 pages.</source>
            <translation>Case file finalised: version %1, %2 pages.</translation>
        </message>
        <message>
            <source>New case file version</source>
            <translation>New case file version</translation>
        </message>
        <message>
            <source>Why a new version? (Version %1 is kept.)</source>
            <translation>Why a new version? (Version %1 is kept.)</translation>
        </message>
        <message>
            <source>Give the reason for the new version.</source>
            <translation>Give the reason for the new version.</translation>
        </message>
    </context>
    <context>
        <name>CaseList</name>
        <message>
            <source>&amp;Register…</source>
            <translation>&amp;Register…</translation>
        </message>
        <message>
            <source>Register a new petition</source>
            <translation>Register a new petition</translation>
        </message>
        <message>
            <source>Search case number, names, content (3+ characters; 2 characters: names that start with them)</source>
            <translation>Search case number, names, content (3+ characters; 2 characters: names that start with them)</translation>
        </message>
        <message>
            <source>Search (Ctrl+F); Esc cancels a running search</source>
            <translation>Search (Ctrl+F); Esc cancels a running search</translation>
        </message>
        <message>
            <source>&amp;Filters</source>
            <translation>&amp;Filters</translation>
        </message>
        <message>
            <source>Show or hide the filters</source>
            <translation>Show or hide the filters</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>Any status</source>
            <translation>Any status</translation>
        </message>
        <message>
            <source>Any category</source>
            <translation>Any category</translation>
        </message>
        <message>
            <source>Any source</source>
            <translation>Any source</translation>
        </message>
        <message>
            <source>Any department</source>
            <translation>Any department</translation>
        </message>
        <message>
            <source>Village / community</source>
            <translation>Village / community</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Export case files…</source>
            <translation>Export case files…</translation>
        </message>
        <message>
            <source>Export the case files of every case closed in a date range</source>
            <translation>Export the case files of every case closed in a date range</translation>
        </message>
        <message>
            <source>Searching…</source>
            <translation>Searching…</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <source>Search cancelled.</source>
            <translation>Search cancelled.</translation>
        </message>
        <message>
            <source>%1 cases shown</source>
            <translation>%1 cases shown</translation>
        </message>
    </context>
    <context>
        <name>CaseView</name>
        <message>
            <source>← Back</source>
            <translation>← Back</translation>
        </message>
        <message>
            <source>Back to the list</source>
            <translation>Back to the list</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>More</source>
            <translation>More</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Gender</source>
            <translation>Gender</translation>
        </message>
        <message>
            <source>Born</source>
            <translation>Born</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>ID number</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>Village</translation>
        </message>
        <message>
            <source>Grid</source>
            <translation>Grid</translation>
        </message>
        <message>
            <source>Show full ID number and phone…</source>
            <translation>Show full ID number and phone…</translation>
        </message>
        <message>
            <source>Shows the full numbers of the selected person; the reveal is logged</source>
            <translation>Shows the full numbers of the selected person; the reveal is logged</translation>
        </message>
        <message>
            <source>Petitioners</source>
            <translation>Petitioners</translation>
        </message>
        <message>
            <source>Written reply</source>
            <translation>Written reply</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Step</source>
            <translation>Step</translation>
        </message>
        <message>
            <source>By</source>
            <translation>By</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>What</source>
            <translation>What</translation>
        </message>
        <message>
            <source>File</source>
            <translation>File</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>Size</translation>
        </message>
        <message>
            <source>Added</source>
            <translation>Added</translation>
        </message>
        <message>
            <source>Checksum (SHA-256)</source>
            <translation>Checksum (SHA-256)</translation>
        </message>
        <message>
            <source>Save a copy…</source>
            <translation>Save a copy…</translation>
        </message>
        <message>
            <source>Add attachment…</source>
            <translation>Add attachment…</translation>
        </message>
        <message>
            <source>Noted</source>
            <translation>Noted</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>Department</translation>
        </message>
        <message>
            <source>To do</source>
            <translation>To do</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>Due</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>Answer</translation>
        </message>
        <message>
            <source>Requested</source>
            <translation>Requested</translation>
        </message>
        <message>
            <source>Days</source>
            <translation>Days</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Decision</source>
            <translation>Decision</translation>
        </message>
        <message>
            <source>Answer the supervision note…</source>
            <translation>Answer the supervision note…</translation>
        </message>
        <message>
            <source>Supervision notes (督办)</source>
            <translation>Supervision notes (督办)</translation>
        </message>
        <message>
            <source>Deadline extensions</source>
            <translation>Deadline extensions</translation>
        </message>
        <message>
            <source>Document</source>
            <translation>Document</translation>
        </message>
        <message>
            <source>Number</source>
            <translation>Number</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Documents of this case</source>
            <translation>Documents of this case</translation>
        </message>
        <message>
            <source>Overview</source>
            <translation>Overview</translation>
        </message>
        <message>
            <source>Timeline</source>
            <translation>Timeline</translation>
        </message>
        <message>
            <source>Attachments</source>
            <translation>Attachments</translation>
        </message>
        <message>
            <source>Supervision and extensions</source>
            <translation>Supervision and extensions</translation>
        </message>
        <message>
            <source>Documents</source>
            <translation>Documents</translation>
        </message>
        <message>
            <source>Statutory clock</source>
            <translation>Statutory clock</translation>
        </message>
        <message>
            <source>%1 due %2 — %3</source>
            <translation>%1 due %2 — %3</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Source</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Query code</source>
            <translation>Query code</translation>
        </message>
        <message>
            <source>Handler</source>
            <translation>Handler</translation>
        </message>
        <message>
            <source>Queue ticket</source>
            <translation>Queue ticket</translation>
        </message>
        <message>
            <source>Repeat visits</source>
            <translation>Repeat visits</translation>
        </message>
        <message>
            <source>Satisfaction</source>
            <translation>Satisfaction</translation>
        </message>
        <message>
            <source>Why a new case</source>
            <translation>Why a new case</translation>
        </message>
        <message>
            <source>Final</source>
            <translation>Final</translation>
        </message>
        <message>
            <source>settled by 复核: the same matter is not accepted again</source>
            <translation>settled by 复核: the same matter is not accepted again</translation>
        </message>
        <message>
            <source>Facts</source>
            <translation>Facts</translation>
        </message>
        <message>
            <source>Basis</source>
            <translation>Basis</translation>
        </message>
        <message>
            <source>not answered yet</source>
            <translation>not answered yet</translation>
        </message>
        <message>
            <source>Tell whether accepted by</source>
            <translation>Tell whether accepted by</translation>
        </message>
        <message>
            <source>Objection possible until</source>
            <translation>Objection possible until</translation>
        </message>
        <message>
            <source>+%1 d extension</source>
            <translation>+%1 d extension</translation>
        </message>
        <message>
            <source>+%1 d hearing</source>
            <translation>+%1 d hearing</translation>
        </message>
        <message>
            <source>Conclude by</source>
            <translation>Conclude by</translation>
        </message>
        <message>
            <source>Replied</source>
            <translation>Replied</translation>
        </message>
        <message>
            <source>Review may be requested until</source>
            <translation>Review may be requested until</translation>
        </message>
        <message>
            <source>Follow up by</source>
            <translation>Follow up by</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>Closed</translation>
        </message>
        <message>
            <source>Reviews case %1 (%2)</source>
            <translation>Reviews case %1 (%2)</translation>
        </message>
        <message>
            <source>%1: case %2 (%3)</source>
            <translation>%1: case %2 (%3)</translation>
        </message>
        <message>
            <source>to %1</source>
            <translation>to %1</translation>
        </message>
        <message>
            <source>%1 days</source>
            <translation>%1 days</translation>
        </message>
        <message>
            <source>due %1</source>
            <translation>due %1</translation>
        </message>
        <message>
            <source>waiting for the director</source>
            <translation>waiting for the director</translation>
        </message>
        <message>
            <source>lapsed</source>
            <translation>lapsed</translation>
        </message>
        <message>
            <source>approved</source>
            <translation>approved</translation>
        </message>
        <message>
            <source>refused</source>
            <translation>refused</translation>
        </message>
        <message>
            <source>Select a document first.</source>
            <translation>Select a document first.</translation>
        </message>
        <message>
            <source>Saved: %1</source>
            <translation>Saved: %1</translation>
        </message>
        <message>
            <source>Someone else changed this case meanwhile; it shows their change now.</source>
            <translation>Someone else changed this case meanwhile; it shows their change now.</translation>
        </message>
        <message>
            <source>(the department decides)</source>
            <translation>(the department decides)</translation>
        </message>
        <message>
            <source>Accept the matter and hand it to the responsible department. The department may object within the objection period.</source>
            <translation>Accept the matter and hand it to the responsible department. The department may object within the objection period.</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>The petitioner is told in writing (不予受理告知书) why, and where to turn instead.</source>
            <translation>The petitioner is told in writing (不予受理告知书) why, and where to turn instead.</translation>
        </message>
        <message>
            <source>Legal basis</source>
            <translation>Legal basis</translation>
        </message>
        <message>
            <source>Where to turn instead</source>
            <translation>Where to turn instead</translation>
        </message>
        <message>
            <source>The matter is not this department's: it goes back to the center to be assigned again (possible until %1).</source>
            <translation>The matter is not this department's: it goes back to the center to be assigned again (possible until %1).</translation>
        </message>
        <message>
            <source>Why not ours</source>
            <translation>Why not ours</translation>
        </message>
        <message>
            <source>Met on</source>
            <translation>Met on</translation>
        </message>
        <message>
            <source>Place</source>
            <translation>Place</translation>
        </message>
        <message>
            <source>What the petitioner said</source>
            <translation>What the petitioner said</translation>
        </message>
        <message>
            <source>What was done</source>
            <translation>What was done</translation>
        </message>
        <message>
            <source>(the request)</source>
            <translation>(the request)</translation>
        </message>
        <message>
            <source>The written reply states the facts, the basis and a decision on each request; it tells the petitioner that a review (复查) may be requested within 30 days.</source>
            <translation>The written reply states the facts, the basis and a decision on each request; it tells the petitioner that a review (复查) may be requested within 30 days.</translation>
        </message>
        <message>
            <source>Facts found</source>
            <translation>Facts found</translation>
        </message>
        <message>
            <source>Basis (laws, rules, policies)</source>
            <translation>Basis (laws, rules, policies)</translation>
        </message>
        <message>
            <source>Decisions</source>
            <translation>Decisions</translation>
        </message>
        <message>
            <source>Request</source>
            <translation>Request</translation>
        </message>
        <message>
            <source>Issuing body</source>
            <translation>Issuing body</translation>
        </message>
        <message>
            <source>How</source>
            <translation>How</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>Notes</translation>
        </message>
        <message>
            <source>Content</source>
            <translation>Content</translation>
        </message>
        <message>
            <source>Requests</source>
            <translation>Requests</translation>
        </message>
        <message>
            <source>accepted %1</source>
            <translation>accepted %1</translation>
        </message>
        <message>
            <source>not yet</source>
            <translation>not yet</translation>
        </message>
        <message>
            <source>At most 30 days, once; the director decides and the petitioner is told why.</source>
            <translation>At most 30 days, once; the director decides and the petitioner is told why.</translation>
        </message>
        <message>
            <source>Extend by</source>
            <translation>Extend by</translation>
        </message>
        <message>
            <source> days</source>
            <translation> days</translation>
        </message>
        <message>
            <source>%1 asks to extend the conclusion deadline by %2 days: %3</source>
            <translation>%1 asks to extend the conclusion deadline by %2 days: %3</translation>
        </message>
        <message>
            <source>Approve</source>
            <translation>Approve</translation>
        </message>
        <message>
            <source>Refuse</source>
            <translation>Refuse</translation>
        </message>
        <message>
            <source>Note (required when refusing)</source>
            <translation>Note (required when refusing)</translation>
        </message>
        <message>
            <source>Hearing days do not count towards the 30 days of the 复核 opinion.</source>
            <translation>Hearing days do not count towards the 30 days of the 复核 opinion.</translation>
        </message>
        <message>
            <source>From</source>
            <translation>From</translation>
        </message>
        <message>
            <source>To</source>
            <translation>To</translation>
        </message>
        <message>
            <source>(the handling department)</source>
            <translation>(the handling department)</translation>
        </message>
        <message>
            <source>What must be done</source>
            <translation>What must be done</translation>
        </message>
        <message>
            <source>Registers a linked %1 case (possible until %2).</source>
            <translation>Registers a linked %1 case (possible until %2).</translation>
        </message>
        <message>
            <source>Why the petitioner disagrees</source>
            <translation>Why the petitioner disagrees</translation>
        </message>
        <message>
            <source>The same matter raised again is recorded on this case, not as a new case.</source>
            <translation>The same matter raised again is recorded on this case, not as a new case.</translation>
        </message>
        <message>
            <source>Add attachments</source>
            <translation>Add attachments</translation>
        </message>
        <message>
            <source>Save a copy</source>
            <translation>Save a copy</translation>
        </message>
        <message>
            <source>What the department did</source>
            <translation>What the department did</translation>
        </message>
        <message>
            <source>Show full numbers</source>
            <translation>Show full numbers</translation>
        </message>
        <message>
            <source>Select a person first.</source>
            <translation>Select a person first.</translation>
        </message>
        <message>
            <source>%1
ID number: %2
Phone: %3

This reveal has been written to the audit log.</source>
            <translation>%1
ID number: %2
Phone: %3

This reveal has been written to the audit log.</translation>
        </message>
    </context>
    <context>
        <name>CategoriesScreen</name>
        <message>
            <source>Petition category</source>
            <translation>Petition category</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>New &amp;domain…</source>
            <translation>New &amp;domain…</translation>
        </message>
        <message>
            <source>Add a first-level domain</source>
            <translation>Add a first-level domain</translation>
        </message>
        <message>
            <source>&amp;New category…</source>
            <translation>&amp;New category…</translation>
        </message>
        <message>
            <source>Add a category under the selected domain</source>
            <translation>Add a category under the selected domain</translation>
        </message>
        <message>
            <source>&amp;Edit…</source>
            <translation>&amp;Edit…</translation>
        </message>
        <message>
            <source>Edit the selected entry (Enter, F2, double-click)</source>
            <translation>Edit the selected entry (Enter, F2, double-click)</translation>
        </message>
        <message>
            <source>&amp;Synonyms…</source>
            <translation>&amp;Synonyms…</translation>
        </message>
        <message>
            <source>Category names of the 12345 and grid platforms and the categories they are imported as</source>
            <translation>Category names of the 12345 and grid platforms and the categories they are imported as</translation>
        </message>
        <message>
            <source>Petition categories</source>
            <translation>Petition categories</translation>
        </message>
        <message>
            <source>Dispute types (mediation)</source>
            <translation>Dispute types (mediation)</translation>
        </message>
        <message>
            <source>Dispute type</source>
            <translation>Dispute type</translation>
        </message>
        <message>
            <source>Order</source>
            <translation>Order</translation>
        </message>
        <message>
            <source>New &amp;type…</source>
            <translation>New &amp;type…</translation>
        </message>
    </context>
    <context>
        <name>CategoryDialog</name>
        <message>
            <source>Edit category</source>
            <translation>Edit category</translation>
        </message>
        <message>
            <source>New domain</source>
            <translation>New domain</translation>
        </message>
        <message>
            <source>New category</source>
            <translation>New category</translation>
        </message>
        <message>
            <source>— first level (a domain) —</source>
            <translation>— first level (a domain) —</translation>
        </message>
        <message>
            <source>In &amp;use (offered when registering a petition)</source>
            <translation>In &amp;use (offered when registering a petition)</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>&amp;Name:</translation>
        </message>
        <message>
            <source>Belongs &amp;to:</source>
            <translation>Belongs &amp;to:</translation>
        </message>
        <message>
            <source>&amp;Order:</source>
            <translation>&amp;Order:</translation>
        </message>
    </context>
    <context>
        <name>CenterScreen</name>
        <message>
            <source>Center</source>
            <translation>Center</translation>
        </message>
        <message>
            <source>&amp;Save center</source>
            <translation>&amp;Save center</translation>
        </message>
        <message>
            <source>Save the center's details</source>
            <translation>Save the center's details</translation>
        </message>
        <message>
            <source>Opening &amp;hours:</source>
            <translation>Opening &amp;hours:</translation>
        </message>
        <message>
            <source>Center &amp;name:</source>
            <translation>Center &amp;name:</translation>
        </message>
        <message>
            <source>Case number &amp;abbreviation:</source>
            <translation>Case number &amp;abbreviation:</translation>
        </message>
        <message>
            <source>Case numbers:</source>
            <translation>Case numbers:</translation>
        </message>
        <message>
            <source>A&amp;ddress:</source>
            <translation>A&amp;ddress:</translation>
        </message>
        <message>
            <source>&amp;Phone:</source>
            <translation>&amp;Phone:</translation>
        </message>
        <message>
            <source>Rules and limits</source>
            <translation>Rules and limits</translation>
        </message>
        <message>
            <source>Save &amp;rules</source>
            <translation>Save &amp;rules</translation>
        </message>
        <message>
            <source>Save the rules and limits</source>
            <translation>Save the rules and limits</translation>
        </message>
        <message>
            <source>%1 (petitions), %2 (mediation)</source>
            <translation>%1 (petitions), %2 (mediation)</translation>
        </message>
        <message>
            <source>The center's details are saved.</source>
            <translation>The center's details are saved.</translation>
        </message>
        <message>
            <source>The rules are saved.</source>
            <translation>The rules are saved.</translation>
        </message>
    </context>
    <context>
        <name>ChangePasswordDialog</name>
        <message>
            <source>Change password</source>
            <translation>Change password</translation>
        </message>
        <message>
            <source>Current password:</source>
            <translation>Current password:</translation>
        </message>
        <message>
            <source>New password:</source>
            <translation>New password:</translation>
        </message>
        <message>
            <source>Confirm new password:</source>
            <translation>Confirm new password:</translation>
        </message>
        <message>
            <source>The two passwords differ.</source>
            <translation>The two passwords differ.</translation>
        </message>
    </context>
    <context>
        <name>ClerkPanel</name>
        <message>
            <source>Database unreachable — reconnecting…</source>
            <translation>Database unreachable — reconnecting…</translation>
        </message>
        <message>
            <source>Call next</source>
            <translation>Call next</translation>
        </message>
        <message>
            <source>Call the next visitor</source>
            <translation>Call the next visitor</translation>
        </message>
        <message>
            <source>Recall</source>
            <translation>Recall</translation>
        </message>
        <message>
            <source>Call the current ticket again</source>
            <translation>Call the current ticket again</translation>
        </message>
        <message>
            <source>No-show</source>
            <translation>No-show</translation>
        </message>
        <message>
            <source>The visitor did not come after the last call</source>
            <translation>The visitor did not come after the last call</translation>
        </message>
        <message>
            <source>Transfer</source>
            <translation>Transfer</translation>
        </message>
        <message>
            <source>Send the visitor to another service or window</source>
            <translation>Send the visitor to another service or window</translation>
        </message>
        <message>
            <source>Finish</source>
            <translation>Finish</translation>
        </message>
        <message>
            <source>Finish with the service record, then rating</source>
            <translation>Finish with the service record, then rating</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>Pause</translation>
        </message>
        <message>
            <source>Pause or resume calling at this window</source>
            <translation>Pause or resume calling at this window</translation>
        </message>
        <message>
            <source>Visitor arrived</source>
            <translation>Visitor arrived</translation>
        </message>
        <message>
            <source>Service time starts now</source>
            <translation>Service time starts now</translation>
        </message>
        <message>
            <source>Re-queue late arrival</source>
            <translation>Re-queue late arrival</translation>
        </message>
        <message>
            <source>A no-show ticket joins the line again</source>
            <translation>A no-show ticket joins the line again</translation>
        </message>
        <message>
            <source>Book appointment</source>
            <translation>Book appointment</translation>
        </message>
        <message>
            <source>Book a visit with a check-in code</source>
            <translation>Book a visit with a check-in code</translation>
        </message>
        <message>
            <source>Register petition</source>
            <translation>Register petition</translation>
        </message>
        <message>
            <source>Register a petition for the current visitor (pre-filled from the ticket)</source>
            <translation>Register a petition for the current visitor (pre-filled from the ticket)</translation>
        </message>
        <message>
            <source>Register dispute</source>
            <translation>Register dispute</translation>
        </message>
        <message>
            <source>Register a dispute for mediation for the current visitor</source>
            <translation>Register a dispute for mediation for the current visitor</translation>
        </message>
        <message>
            <source>Register matter</source>
            <translation>Register matter</translation>
        </message>
        <message>
            <source>Register the visitor's matter (linked to the current ticket): conclude, hand over or keep it</source>
            <translation>Register the visitor's matter (linked to the current ticket): conclude, hand over or keep it</translation>
        </message>
        <message>
            <source>Person's matters</source>
            <translation>Person's matters</translation>
        </message>
        <message>
            <source>Every matter of a person, found by ID number or phone</source>
            <translation>Every matter of a person, found by ID number or phone</translation>
        </message>
        <message>
            <source>Print matter slip</source>
            <translation>Print matter slip</translation>
        </message>
        <message>
            <source>Print the ticket again with its matter's code and QR: the visitor looks up progress at the kiosk</source>
            <translation>Print the ticket again with its matter's code and QR: the visitor looks up progress at the kiosk</translation>
        </message>
        <message>
            <source>Service record: what was done (at most 500 characters)</source>
            <translation>Service record: what was done (at most 500 characters)</translation>
        </message>
        <message>
            <source>Service record:</source>
            <translation>Service record:</translation>
        </message>
        <message>
            <source>Number</source>
            <translation>Number</translation>
        </message>
        <message>
            <source>Service</source>
            <translation>Service</translation>
        </message>
        <message>
            <source>Waiting</source>
            <translation>Waiting</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>The connection is back. The window shows what is stored in the database.</source>
            <translation>The connection is back. The window shows what is stored in the database.</translation>
        </message>
        <message>
            <source>No window is assigned to your account. Ask an administrator to assign one.</source>
            <translation>No window is assigned to your account. Ask an administrator to assign one.</translation>
        </message>
        <message>
            <source>Transferred, front</source>
            <translation>Transferred, front</translation>
        </message>
        <message>
            <source>Transferred</source>
            <translation>Transferred</translation>
        </message>
        <message>
            <source>For this window</source>
            <translation>For this window</translation>
        </message>
        <message>
            <source>Appointment</source>
            <translation>Appointment</translation>
        </message>
        <message>
            <source>Priority</source>
            <translation>Priority</translation>
        </message>
        <message>
            <source>Window %1 · %2 · serves %3</source>
            <translation>Window %1 · %2 · serves %3</translation>
        </message>
        <message>
            <source>Waiting for this window</source>
            <translation>Waiting for this window</translation>
        </message>
        <message>
            <source>Resume</source>
            <translation>Resume</translation>
        </message>
        <message>
            <source>No visitor at the window</source>
            <translation>No visitor at the window</translation>
        </message>
        <message>
            <source>Press F1 to call the next visitor.</source>
            <translation>Press F1 to call the next visitor.</translation>
        </message>
        <message>
            <source>The window is paused. Press F6 to resume.</source>
            <translation>The window is paused. Press F6 to resume.</translation>
        </message>
        <message>
            <source>Linked case: %1</source>
            <translation>Linked case: %1</translation>
        </message>
        <message>
            <source>call %1 of %2</source>
            <translation>call %1 of %2</translation>
        </message>
        <message>
            <source>Priority lane</source>
            <translation>Priority lane</translation>
        </message>
        <message>
            <source>Served today: %1</source>
            <translation>Served today: %1</translation>
        </message>
        <message>
            <source>can be called again in %1 s</source>
            <translation>can be called again in %1 s</translation>
        </message>
        <message>
            <source>%1 can be called again in %2 s</source>
            <translation>%1 can be called again in %2 s</translation>
        </message>
        <message>
            <source>F2 calls again</source>
            <translation>F2 calls again</translation>
        </message>
        <message>
            <source>no-show possible in %1 s</source>
            <translation>no-show possible in %1 s</translation>
        </message>
        <message>
            <source>not here: F3 marks a no-show</source>
            <translation>not here: F3 marks a no-show</translation>
        </message>
        <message>
            <source>%1 has been called %2 times, the most allowed</source>
            <translation>%1 has been called %2 times, the most allowed</translation>
        </message>
        <message>
            <source>A no-show can be marked after every call: %1 more call(s) first</source>
            <translation>A no-show can be marked after every call: %1 more call(s) first</translation>
        </message>
        <message>
            <source>Give the visitor time to come: a no-show can be marked in %1 s</source>
            <translation>Give the visitor time to come: a no-show can be marked in %1 s</translation>
        </message>
        <message>
            <source>Waited %1</source>
            <translation>Waited %1</translation>
        </message>
        <message>
            <source>in service %1</source>
            <translation>in service %1</translation>
        </message>
        <message>
            <source>called %1 ago</source>
            <translation>called %1 ago</translation>
        </message>
        <message>
            <source>The connection broke while saving. Once it is back, the window shows whether it was saved; nothing is repeated automatically.</source>
            <translation>The connection broke while saving. Once it is back, the window shows whether it was saved; nothing is repeated automatically.</translation>
        </message>
        <message>
            <source>Not saved: the database cannot be reached. Try again once the connection is back.</source>
            <translation>Not saved: the database cannot be reached. Try again once the connection is back.</translation>
        </message>
        <message>
            <source>Nobody is waiting for this window.</source>
            <translation>Nobody is waiting for this window.</translation>
        </message>
        <message>
            <source>Called %1.</source>
            <translation>Called %1.</translation>
        </message>
        <message>
            <source>Called %1 again (call %2 of %3).</source>
            <translation>Called %1 again (call %2 of %3).</translation>
        </message>
        <message>
            <source>%1 marked as no-show. Ctrl+R re-queues a late arrival.</source>
            <translation>%1 marked as no-show. Ctrl+R re-queues a late arrival.</translation>
        </message>
        <message>
            <source>window %1</source>
            <translation>window %1</translation>
        </message>
        <message>
            <source>%1 transferred to %2 (%3).</source>
            <translation>%1 transferred to %2 (%3).</translation>
        </message>
        <message>
            <source>No window that can call it is open now: the ticket waits until one opens.</source>
            <translation>No window that can call it is open now: the ticket waits until one opens.</translation>
        </message>
        <message>
            <source>%1 finished. Waiting for the visitor's rating…</source>
            <translation>%1 finished. Waiting for the visitor's rating…</translation>
        </message>
        <message>
            <source>%1: the visitor did not rate.</source>
            <translation>%1: the visitor did not rate.</translation>
        </message>
        <message>
            <source>%1 rated: %2.</source>
            <translation>%1 rated: %2.</translation>
        </message>
        <message>
            <source>A follow-up was opened; it is due on %1.</source>
            <translation>A follow-up was opened; it is due on %1.</translation>
        </message>
        <message>
            <source>The window is paused.</source>
            <translation>The window is paused.</translation>
        </message>
        <message>
            <source>The window calls again.</source>
            <translation>The window calls again.</translation>
        </message>
        <message>
            <source>%1 is waiting again.</source>
            <translation>%1 is waiting again.</translation>
        </message>
        <message>
            <source>Appointment booked for %1 on %2 at %3. Check-in code: %4</source>
            <translation>Appointment booked for %1 on %2 at %3. Check-in code: %4</translation>
        </message>
        <message>
            <source>Petition %1 registered.</source>
            <translation>Petition %1 registered.</translation>
        </message>
        <message>
            <source>Repeat visit recorded on petition %1.</source>
            <translation>Repeat visit recorded on petition %1.</translation>
        </message>
        <message>
            <source>Dispute %1 registered.</source>
            <translation>Dispute %1 registered.</translation>
        </message>
        <message>
            <source>Matter %1 registered and concluded.</source>
            <translation>Matter %1 registered and concluded.</translation>
        </message>
        <message>
            <source>Matter %1 registered.</source>
            <translation>Matter %1 registered.</translation>
        </message>
        <message>
            <source>Matter %1 registered; not handed over: it stays with this window.</source>
            <translation>Matter %1 registered; not handed over: it stays with this window.</translation>
        </message>
        <message>
            <source>Matter %1 registered and handed over to %2; it is yours until received.</source>
            <translation>Matter %1 registered and handed over to %2; it is yours until received.</translation>
        </message>
        <message>
            <source>Ticket %1 has no matter yet: register it first (Ctrl+M).</source>
            <translation>Ticket %1 has no matter yet: register it first (Ctrl+M).</translation>
        </message>
    </context>
    <context>
        <name>CloseDialog</name>
        <message>
            <source>Close case</source>
            <translation>Close case</translation>
        </message>
        <message>
            <source>Outcome:</source>
            <translation>Outcome:</translation>
        </message>
        <message>
            <source>Explanation:</source>
            <translation>Explanation:</translation>
        </message>
        <message>
            <source>Referred to:</source>
            <translation>Referred to:</translation>
        </message>
        <message>
            <source>Receiving body:</source>
            <translation>Receiving body:</translation>
        </message>
    </context>
    <context>
        <name>ClosingDialog</name>
        <message>
            <source>Close case %1</source>
            <translation>Close case %1</translation>
        </message>
        <message>
            <source>These sessions of the case are still booked. The checked ones are cancelled with the closing and their rooms are free again:</source>
            <translation>These sessions of the case are still booked. The checked ones are cancelled with the closing and their rooms are free again:</translation>
        </message>
        <message>
            <source>These sessions of the case are still booked. A closed case keeps no sessions: they are cancelled with the closing and their rooms are free again:</source>
            <translation>These sessions of the case are still booked. A closed case keeps no sessions: they are cancelled with the closing and their rooms are free again:</translation>
        </message>
    </context>
    <context>
        <name>DataKey</name>
        <message>
            <source>That is not a whole key: a key has 14 groups of 4 characters.</source>
            <translation>That is not a whole key: a key has 14 groups of 4 characters.</translation>
        </message>
        <message>
            <source>A key has only the letters A–Z and the digits 2–7.</source>
            <translation>A key has only the letters A–Z and the digits 2–7.</translation>
        </message>
        <message>
            <source>The key has a typing mistake: its check characters do not match. Compare it group by group with the sheet.</source>
            <translation>The key has a typing mistake: its check characters do not match. Compare it group by group with the sheet.</translation>
        </message>
        <message>
            <source>This database has no data key yet.</source>
            <translation>This database has no data key yet.</translation>
        </message>
        <message>
            <source>The ID numbers and phone numbers in this database are encrypted with the data key %1, which this PC does not have. The administrator types it from the recovery sheet.</source>
            <translation>The ID numbers and phone numbers in this database are encrypted with the data key %1, which this PC does not have. The administrator types it from the recovery sheet.</translation>
        </message>
        <message>
            <source>This is the data key %1, but the database's key is %2: the sheet belongs to another database. Nothing was kept.</source>
            <translation>This is the data key %1, but the database's key is %2: the sheet belongs to another database. Nothing was kept.</translation>
        </message>
    </context>
    <context>
        <name>DataKeyBox</name>
        <message>
            <source>Personal data key</source>
            <translation>Personal data key</translation>
        </message>
        <message>
            <source>Save the recovery shee&amp;t…</source>
            <translation>Save the recovery shee&amp;t…</translation>
        </message>
        <message>
            <source>A PDF with the key, to print and lock away, apart from the backups</source>
            <translation>A PDF with the key, to print and lock away, apart from the backups</translation>
        </message>
        <message>
            <source>ID numbers and phone numbers are stored encrypted with the data key %1 (made %2). Save its recovery sheet, print it and lock it away: without the key they cannot be read on another PC, nor here if this PC's copy of the key is lost.</source>
            <translation>ID numbers and phone numbers are stored encrypted with the data key %1 (made %2). Save its recovery sheet, print it and lock it away: without the key they cannot be read on another PC, nor here if this PC's copy of the key is lost.</translation>
        </message>
        <message>
            <source>Save the recovery sheet</source>
            <translation>Save the recovery sheet</translation>
        </message>
        <message>
            <source>Could not write %1: %2</source>
            <translation>Could not write %1: %2</translation>
        </message>
        <message>
            <source>The recovery sheet is saved as %1. Print it, lock it away, then delete the file.</source>
            <translation>The recovery sheet is saved as %1. Print it, lock it away, then delete the file.</translation>
        </message>
    </context>
    <context>
        <name>DataKeyDialog</name>
        <message>
            <source>OneStop — Data key</source>
            <translation>OneStop — Data key</translation>
        </message>
        <message>
            <source>Key id on the sheet: %1
Type the key as printed: spaces and upper or lower case do not matter.</source>
            <translation>Key id on the sheet: %1
Type the key as printed: spaces and upper or lower case do not matter.</translation>
        </message>
        <message>
            <source>&amp;Save the key on this PC</source>
            <translation>&amp;Save the key on this PC</translation>
        </message>
        <message>
            <source>&amp;Key:</source>
            <translation>&amp;Key:</translation>
        </message>
    </context>
    <context>
        <name>DatabaseDialog</name>
        <message>
            <source>OneStop — Database connection</source>
            <translation>OneStop — Database connection</translation>
        </message>
        <message>
            <source>OneStop could not open its database.</source>
            <translation>OneStop could not open its database.</translation>
        </message>
        <message>
            <source>For a center with several PCs, enter the PostgreSQL server, for example
postgresql://onestop:PASSWORD@192.168.1.10:5432/onestop
For a single PC, use the local database file.</source>
            <translation>For a center with several PCs, enter the PostgreSQL server, for example
postgresql://onestop:PASSWORD@192.168.1.10:5432/onestop
For a single PC, use the local database file.</translation>
        </message>
        <message>
            <source>&amp;Test connection</source>
            <translation>&amp;Test connection</translation>
        </message>
        <message>
            <source>Use the &amp;local database on this PC</source>
            <translation>Use the &amp;local database on this PC</translation>
        </message>
        <message>
            <source>Database &amp;URL:</source>
            <translation>Database &amp;URL:</translation>
        </message>
        <message>
            <source>Connection works.</source>
            <translation>Connection works.</translation>
        </message>
        <message>
            <source>The password will be kept in the system keyring, not in the settings file.</source>
            <translation>The password will be kept in the system keyring, not in the settings file.</translation>
        </message>
        <message>
            <source>No system keyring is available on this PC: the password will be stored in plain text in %1, a file only this user account can read (not in the settings file).</source>
            <translation>No system keyring is available on this PC: the password will be stored in plain text in %1, a file only this user account can read (not in the settings file).</translation>
        </message>
        <message>
            <source>Warning: this server is on another computer and the connection is not encrypted, so passwords and personal data cross the network readable by anyone on it. Add ?sslmode=verify-full&amp;sslrootcert= and the path of the center's CA certificate to the URL.</source>
            <translation>Warning: this server is on another computer and the connection is not encrypted, so passwords and personal data cross the network readable by anyone on it. Add ?sslmode=verify-full&amp;sslrootcert= and the path of the center's CA certificate to the URL.</translation>
        </message>
    </context>
    <context>
        <name>DeadlineChangesDialog</name>
        <message>
            <source>Deadlines moved by the calendar</source>
            <translation>Deadlines moved by the calendar</translation>
        </message>
        <message>
            <source>Case</source>
            <translation>Case</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Deadline</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <source>Old date</source>
            <translation>Old date</translation>
        </message>
        <message>
            <source>New date</source>
            <translation>New date</translation>
        </message>
        <message>
            <source>Why</source>
            <translation>Why</translation>
        </message>
        <message>
            <source>When, by whom</source>
            <translation>When, by whom</translation>
        </message>
        <message>
            <source>%1 open deadlines were recomputed with the new calendar. Concluded cases keep their dates.</source>
            <translation>%1 open deadlines were recomputed with the new calendar. Concluded cases keep their dates.</translation>
        </message>
        <message>
            <source>No open deadline depends on the days that changed.</source>
            <translation>No open deadline depends on the days that changed.</translation>
        </message>
        <message>
            <source>Every deadline the calendar has moved, newest first (%1).</source>
            <translation>Every deadline the calendar has moved, newest first (%1).</translation>
        </message>
        <message>
            <source>The calendar has not moved any deadline yet.</source>
            <translation>The calendar has not moved any deadline yet.</translation>
        </message>
        <message>
            <source>%1 days later</source>
            <translation>%1 days later</translation>
        </message>
        <message>
            <source>%1 days earlier</source>
            <translation>%1 days earlier</translation>
        </message>
    </context>
    <context>
        <name>DepartmentDialog</name>
        <message>
            <source>New department</source>
            <translation>New department</translation>
        </message>
        <message>
            <source>Edit department</source>
            <translation>Edit department</translation>
        </message>
        <message>
            <source>In &amp;use (petitions can be assigned to it)</source>
            <translation>In &amp;use (petitions can be assigned to it)</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>&amp;Name:</translation>
        </message>
        <message>
            <source>&amp;Contact person:</source>
            <translation>&amp;Contact person:</translation>
        </message>
        <message>
            <source>&amp;Phone:</source>
            <translation>&amp;Phone:</translation>
        </message>
        <message>
            <source>&amp;Order:</source>
            <translation>&amp;Order:</translation>
        </message>
    </context>
    <context>
        <name>DepartmentsScreen</name>
        <message>
            <source>Responsible departments</source>
            <translation>Responsible departments</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>Department</translation>
        </message>
        <message>
            <source>Contact person</source>
            <translation>Contact person</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Order</source>
            <translation>Order</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>&amp;New department…</source>
            <translation>&amp;New department…</translation>
        </message>
    </context>
    <context>
        <name>DirectorBoard</name>
        <message>
            <source>Department</source>
            <translation>Department</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <source>Due today</source>
            <translation>Due today</translation>
        </message>
        <message>
            <source>Due soon</source>
            <translation>Due soon</translation>
        </message>
        <message>
            <source>Oldest deadline</source>
            <translation>Oldest deadline</translation>
        </message>
        <message>
            <source>Dissatisfied follow-ups</source>
            <translation>Dissatisfied follow-ups</translation>
        </message>
        <message>
            <source>Open supervision notes</source>
            <translation>Open supervision notes</translation>
        </message>
        <message>
            <source>Case</source>
            <translation>Case</translation>
        </message>
        <message>
            <source>Days</source>
            <translation>Days</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Requested by</source>
            <translation>Requested by</translation>
        </message>
        <message>
            <source>Requested</source>
            <translation>Requested</translation>
        </message>
        <message>
            <source>Extension requests</source>
            <translation>Extension requests</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>Open case</source>
            <translation>Open case</translation>
        </message>
        <message>
            <source>Open the selected case (Enter)</source>
            <translation>Open the selected case (Enter)</translation>
        </message>
        <message>
            <source>Deadline changes…</source>
            <translation>Deadline changes…</translation>
        </message>
        <message>
            <source>The deadlines the working-day calendar has moved: case, deadline, old and new date</source>
            <translation>The deadlines the working-day calendar has moved: case, deadline, old and new date</translation>
        </message>
        <message>
            <source>By department</source>
            <translation>By department</translation>
        </message>
        <message>
            <source>%1 handed-over matters not received in time</source>
            <translation>%1 handed-over matters not received in time</translation>
        </message>
        <message>
            <source>Center (not yet assigned)</source>
            <translation>Center (not yet assigned)</translation>
        </message>
        <message>
            <source>Extension requests (%1)</source>
            <translation>Extension requests (%1)</translation>
        </message>
        <message>
            <source>%1 cases overdue, %2 due today, %3 due soon.</source>
            <translation>%1 cases overdue, %2 due today, %3 due soon.</translation>
        </message>
        <message>
            <source>Showing %1 (Esc shows all).</source>
            <translation>Showing %1 (Esc shows all).</translation>
        </message>
    </context>
    <context>
        <name>DisputeList</name>
        <message>
            <source>Search: case number, party, subject or facts</source>
            <translation>Search: case number, party, subject or facts</translation>
        </message>
        <message>
            <source>Search</source>
            <translation>Search</translation>
        </message>
        <message>
            <source>Open cases</source>
            <translation>Open cases</translation>
        </message>
        <message>
            <source>All states</source>
            <translation>All states</translation>
        </message>
        <message>
            <source>All types</source>
            <translation>All types</translation>
        </message>
        <message>
            <source>Any deadline</source>
            <translation>Any deadline</translation>
        </message>
        <message>
            <source>Due soon</source>
            <translation>Due soon</translation>
        </message>
        <message>
            <source>Due today or overdue</source>
            <translation>Due today or overdue</translation>
        </message>
        <message>
            <source>Only my cases</source>
            <translation>Only my cases</translation>
        </message>
        <message>
            <source>&amp;Register dispute…</source>
            <translation>&amp;Register dispute…</translation>
        </message>
        <message>
            <source>Case number</source>
            <translation>Case number</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>Subject</translation>
        </message>
        <message>
            <source>Parties</source>
            <translation>Parties</translation>
        </message>
        <message>
            <source>Mediators</source>
            <translation>Mediators</translation>
        </message>
        <message>
            <source>State</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Registered</source>
            <translation>Registered</translation>
        </message>
        <message>
            <source>Deadline</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <source>Export case files…</source>
            <translation>Export case files…</translation>
        </message>
        <message>
            <source>Export the case files of every case closed in a date range</source>
            <translation>Export the case files of every case closed in a date range</translation>
        </message>
        <message>
            <source>%1 (%2 days overdue)</source>
            <translation>%1 (%2 days overdue)</translation>
        </message>
        <message>
            <source>%1 (%2 days left)</source>
            <translation>%1 (%2 days left)</translation>
        </message>
        <message>
            <source>%1 cases</source>
            <translation>%1 cases</translation>
        </message>
    </context>
    <context>
        <name>DisputeTypeDialog</name>
        <message>
            <source>New dispute type</source>
            <translation>New dispute type</translation>
        </message>
        <message>
            <source>Edit dispute type</source>
            <translation>Edit dispute type</translation>
        </message>
        <message>
            <source>In &amp;use (offered when registering a dispute)</source>
            <translation>In &amp;use (offered when registering a dispute)</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>&amp;Name:</translation>
        </message>
        <message>
            <source>&amp;Order:</source>
            <translation>&amp;Order:</translation>
        </message>
    </context>
    <context>
        <name>DisputeView</name>
        <message>
            <source>Back to the list</source>
            <translation>Back to the list</translation>
        </message>
        <message>
            <source>◀ Bac&amp;k</source>
            <translation>◀ Bac&amp;k</translation>
        </message>
        <message>
            <source>&amp;Edit registration…</source>
            <translation>&amp;Edit registration…</translation>
        </message>
        <message>
            <source>&amp;Book session…</source>
            <translation>&amp;Book session…</translation>
        </message>
        <message>
            <source>&amp;Record session…</source>
            <translation>&amp;Record session…</translation>
        </message>
        <message>
            <source>A&amp;greement…</source>
            <translation>A&amp;greement…</translation>
        </message>
        <message>
            <source>&amp;Close case…</source>
            <translation>&amp;Close case…</translation>
        </message>
        <message>
            <source>Mediation failed, terminated, or referred to another body</source>
            <translation>Mediation failed, terminated, or referred to another body</translation>
        </message>
        <message>
            <source>&amp;Print registration form</source>
            <translation>&amp;Print registration form</translation>
        </message>
        <message>
            <source>Case</source>
            <translation>Case</translation>
        </message>
        <message>
            <source>Sessions and records</source>
            <translation>Sessions and records</translation>
        </message>
        <message>
            <source>Agreement and after</source>
            <translation>Agreement and after</translation>
        </message>
        <message>
            <source>Case file (卷宗)</source>
            <translation>Case file (卷宗)</translation>
        </message>
        <message>
            <source>Side</source>
            <translation>Side</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Gender</source>
            <translation>Gender</translation>
        </message>
        <message>
            <source>Born</source>
            <translation>Born</translation>
        </message>
        <message>
            <source>ID number / credit code</source>
            <translation>ID number / credit code</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Representative</source>
            <translation>Representative</translation>
        </message>
        <message>
            <source>&lt;b&gt;Facts&lt;/b&gt;</source>
            <translation>&lt;b&gt;Facts&lt;/b&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;Disputed matters&lt;/b&gt;</source>
            <translation>&lt;b&gt;Disputed matters&lt;/b&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;Parties&lt;/b&gt;</source>
            <translation>&lt;b&gt;Parties&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>Day</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Room</source>
            <translation>Room</translation>
        </message>
        <message>
            <source>State</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Mediators</source>
            <translation>Mediators</translation>
        </message>
        <message>
            <source>Parties</source>
            <translation>Parties</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Record</translation>
        </message>
        <message>
            <source>Held</source>
            <translation>Held</translation>
        </message>
        <message>
            <source>Place</source>
            <translation>Place</translation>
        </message>
        <message>
            <source>Recorder</source>
            <translation>Recorder</translation>
        </message>
        <message>
            <source>&lt;b&gt;Records (调解笔录)&lt;/b&gt;</source>
            <translation>&lt;b&gt;Records (调解笔录)&lt;/b&gt;</translation>
        </message>
        <message>
            <source>&amp;Open record…</source>
            <translation>&amp;Open record…</translation>
        </message>
        <message>
            <source>Print record</source>
            <translation>Print record</translation>
        </message>
        <message>
            <source>&lt;b&gt;Booked sessions&lt;/b&gt;</source>
            <translation>&lt;b&gt;Booked sessions&lt;/b&gt;</translation>
        </message>
        <message>
            <source>No.</source>
            <translation>No.</translation>
        </message>
        <message>
            <source>Agreed term</source>
            <translation>Agreed term</translation>
        </message>
        <message>
            <source>Performed by</source>
            <translation>Performed by</translation>
        </message>
        <message>
            <source>By</source>
            <translation>By</translation>
        </message>
        <message>
            <source>Performance</source>
            <translation>Performance</translation>
        </message>
        <message>
            <source>Checked</source>
            <translation>Checked</translation>
        </message>
        <message>
            <source>Visited</source>
            <translation>Visited</translation>
        </message>
        <message>
            <source>How</source>
            <translation>How</translation>
        </message>
        <message>
            <source>Visited party</source>
            <translation>Visited party</translation>
        </message>
        <message>
            <source>Visited by</source>
            <translation>Visited by</translation>
        </message>
        <message>
            <source>Satisfaction</source>
            <translation>Satisfaction</translation>
        </message>
        <message>
            <source>&lt;b&gt;Performance of the terms&lt;/b&gt;</source>
            <translation>&lt;b&gt;Performance of the terms&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Record perf&amp;ormance…</source>
            <translation>Record perf&amp;ormance…</translation>
        </message>
        <message>
            <source>&lt;b&gt;Judicial confirmation&lt;/b&gt;</source>
            <translation>&lt;b&gt;Judicial confirmation&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Record &amp;judicial confirmation…</source>
            <translation>Record &amp;judicial confirmation…</translation>
        </message>
        <message>
            <source>&lt;b&gt;Follow-up visits&lt;/b&gt;</source>
            <translation>&lt;b&gt;Follow-up visits&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Add &amp;visit…</source>
            <translation>Add &amp;visit…</translation>
        </message>
        <message>
            <source>Print visit record</source>
            <translation>Print visit record</translation>
        </message>
        <message>
            <source> (%1 days left)</source>
            <translation> (%1 days left)</translation>
        </message>
        <message>
            <source> (%1 days overdue)</source>
            <translation> (%1 days overdue)</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Source</translation>
        </message>
        <message>
            <source>Registered</source>
            <translation>Registered</translation>
        </message>
        <message>
            <source>Deadline</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <source>none assigned</source>
            <translation>none assigned</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>Village</translation>
        </message>
        <message>
            <source>Next session</source>
            <translation>Next session</translation>
        </message>
        <message>
            <source>Sessions held</source>
            <translation>Sessions held</translation>
        </message>
        <message>
            <source>%1, with %2 records</source>
            <translation>%1, with %2 records</translation>
        </message>
        <message>
            <source>legal representative %1</source>
            <translation>legal representative %1</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>yes</translation>
        </message>
        <message>
            <source>No agreement yet.</source>
            <translation>No agreement yet.</translation>
        </message>
        <message>
            <source>%1, version %2, finalised %3</source>
            <translation>%1, version %2, finalised %3</translation>
        </message>
        <message>
            <source>signed %1</source>
            <translation>signed %1</translation>
        </message>
        <message>
            <source>not signed yet</source>
            <translation>not signed yet</translation>
        </message>
        <message>
            <source>not checked</source>
            <translation>not checked</translation>
        </message>
        <message>
            <source>Only for a signed written agreement.</source>
            <translation>Only for a signed written agreement.</translation>
        </message>
        <message>
            <source>The window opens when the agreement is signed.</source>
            <translation>The window opens when the agreement is signed.</translation>
        </message>
        <message>
            <source>The parties may apply together until %1</source>
            <translation>The parties may apply together until %1</translation>
        </message>
        <message>
            <source> (closed)</source>
            <translation> (closed)</translation>
        </message>
        <message>
            <source>Registration saved.</source>
            <translation>Registration saved.</translation>
        </message>
        <message>
            <source>Booked: %1 %2–%3 in %4.</source>
            <translation>Booked: %1 %2–%3 in %4.</translation>
        </message>
        <message>
            <source>Record saved.</source>
            <translation>Record saved.</translation>
        </message>
        <message>
            <source>Case %1 is closed: %2.</source>
            <translation>Case %1 is closed: %2.</translation>
        </message>
        <message>
            <source>Cancel them and close the case</source>
            <translation>Cancel them and close the case</translation>
        </message>
        <message>
            <source>The case was closed: %1.</source>
            <translation>The case was closed: %1.</translation>
        </message>
        <message>
            <source>The case is closed.</source>
            <translation>The case is closed.</translation>
        </message>
        <message>
            <source>%1 remaining sessions cancelled.</source>
            <translation>%1 remaining sessions cancelled.</translation>
        </message>
        <message>
            <source>Performance of term %1 recorded.</source>
            <translation>Performance of term %1 recorded.</translation>
        </message>
        <message>
            <source>Judicial confirmation recorded.</source>
            <translation>Judicial confirmation recorded.</translation>
        </message>
        <message>
            <source>Follow-up visit recorded.</source>
            <translation>Follow-up visit recorded.</translation>
        </message>
    </context>
    <context>
        <name>DocumentFields</name>
        <message>
            <source>document %1 of the file</source>
            <translation>document %1 of the file</translation>
        </message>
        <message>
            <source>party %1</source>
            <translation>party %1</translation>
        </message>
        <message>
            <source>petitioner %1</source>
            <translation>petitioner %1</translation>
        </message>
        <message>
            <source>record entry %1</source>
            <translation>record entry %1</translation>
        </message>
        <message>
            <source>term %1</source>
            <translation>term %1</translation>
        </message>
        <message>
            <source>decision %1</source>
            <translation>decision %1</translation>
        </message>
        <message>
            <source>session %1</source>
            <translation>session %1</translation>
        </message>
        <message>
            <source>attachment %1</source>
            <translation>attachment %1</translation>
        </message>
        <message>
            <source>date of acceptance</source>
            <translation>date of acceptance</translation>
        </message>
        <message>
            <source>address</source>
            <translation>address</translation>
        </message>
        <message>
            <source>legal basis</source>
            <translation>legal basis</translation>
        </message>
        <message>
            <source>kind of case</source>
            <translation>kind of case</translation>
        </message>
        <message>
            <source>case number</source>
            <translation>case number</translation>
        </message>
        <message>
            <source>category</source>
            <translation>category</translation>
        </message>
        <message>
            <source>cause</source>
            <translation>cause</translation>
        </message>
        <message>
            <source>name of the center</source>
            <translation>name of the center</translation>
        </message>
        <message>
            <source>clerk</source>
            <translation>clerk</translation>
        </message>
        <message>
            <source>date closed</source>
            <translation>date closed</translation>
        </message>
        <message>
            <source>mediation committee</source>
            <translation>mediation committee</translation>
        </message>
        <message>
            <source>compiled by</source>
            <translation>compiled by</translation>
        </message>
        <message>
            <source>date compiled</source>
            <translation>date compiled</translation>
        </message>
        <message>
            <source>deadline</source>
            <translation>deadline</translation>
        </message>
        <message>
            <source>content</source>
            <translation>content</translation>
        </message>
        <message>
            <source>day</source>
            <translation>day</translation>
        </message>
        <message>
            <source>decision</source>
            <translation>decision</translation>
        </message>
        <message>
            <source>decisions</source>
            <translation>decisions</translation>
        </message>
        <message>
            <source>type of dispute</source>
            <translation>type of dispute</translation>
        </message>
        <message>
            <source>matters in dispute</source>
            <translation>matters in dispute</translation>
        </message>
        <message>
            <source>document number</source>
            <translation>document number</translation>
        </message>
        <message>
            <source>documents</source>
            <translation>documents</translation>
        </message>
        <message>
            <source>due date</source>
            <translation>due date</translation>
        </message>
        <message>
            <source>end time</source>
            <translation>end time</translation>
        </message>
        <message>
            <source>record entries</source>
            <translation>record entries</translation>
        </message>
        <message>
            <source>facts</source>
            <translation>facts</translation>
        </message>
        <message>
            <source>gender</source>
            <translation>gender</translation>
        </message>
        <message>
            <source>handler</source>
            <translation>handler</translation>
        </message>
        <message>
            <source>handling body</source>
            <translation>handling body</translation>
        </message>
        <message>
            <source>host</source>
            <translation>host</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>ID number</translation>
        </message>
        <message>
            <source>person visited</source>
            <translation>person visited</translation>
        </message>
        <message>
            <source>role of the person visited</source>
            <translation>role of the person visited</translation>
        </message>
        <message>
            <source>time issued</source>
            <translation>time issued</translation>
        </message>
        <message>
            <source>date issued</source>
            <translation>date issued</translation>
        </message>
        <message>
            <source>kind</source>
            <translation>kind</translation>
        </message>
        <message>
            <source>mediators</source>
            <translation>mediators</translation>
        </message>
        <message>
            <source>method</source>
            <translation>method</translation>
        </message>
        <message>
            <source>name</source>
            <translation>name</translation>
        </message>
        <message>
            <source>notice period</source>
            <translation>notice period</translation>
        </message>
        <message>
            <source>number</source>
            <translation>number</translation>
        </message>
        <message>
            <source>issuing office</source>
            <translation>issuing office</translation>
        </message>
        <message>
            <source>organisation</source>
            <translation>organisation</translation>
        </message>
        <message>
            <source>parties</source>
            <translation>parties</translation>
        </message>
        <message>
            <source>performance of the terms</source>
            <translation>performance of the terms</translation>
        </message>
        <message>
            <source>petitioner</source>
            <translation>petitioner</translation>
        </message>
        <message>
            <source>petitioner's name</source>
            <translation>petitioner's name</translation>
        </message>
        <message>
            <source>petitioners</source>
            <translation>petitioners</translation>
        </message>
        <message>
            <source>place</source>
            <translation>place</translation>
        </message>
        <message>
            <source>time printed</source>
            <translation>time printed</translation>
        </message>
        <message>
            <source>query code</source>
            <translation>query code</translation>
        </message>
        <message>
            <source>reason</source>
            <translation>reason</translation>
        </message>
        <message>
            <source>time received</source>
            <translation>time received</translation>
        </message>
        <message>
            <source>date received</source>
            <translation>date received</translation>
        </message>
        <message>
            <source>recorder</source>
            <translation>recorder</translation>
        </message>
        <message>
            <source>date registered</source>
            <translation>date registered</translation>
        </message>
        <message>
            <source>registrar</source>
            <translation>registrar</translation>
        </message>
        <message>
            <source>registration number</source>
            <translation>registration number</translation>
        </message>
        <message>
            <source>legal representative</source>
            <translation>legal representative</translation>
        </message>
        <message>
            <source>request</source>
            <translation>request</translation>
        </message>
        <message>
            <source>requests</source>
            <translation>requests</translation>
        </message>
        <message>
            <source>responsibilities</source>
            <translation>responsibilities</translation>
        </message>
        <message>
            <source>retention period</source>
            <translation>retention period</translation>
        </message>
        <message>
            <source>review body</source>
            <translation>review body</translation>
        </message>
        <message>
            <source>room</source>
            <translation>room</translation>
        </message>
        <message>
            <source>satisfaction</source>
            <translation>satisfaction</translation>
        </message>
        <message>
            <source>service</source>
            <translation>service</translation>
        </message>
        <message>
            <source>date signed</source>
            <translation>date signed</translation>
        </message>
        <message>
            <source>source</source>
            <translation>source</translation>
        </message>
        <message>
            <source>speaker</source>
            <translation>speaker</translation>
        </message>
        <message>
            <source>start time</source>
            <translation>start time</translation>
        </message>
        <message>
            <source>time started</source>
            <translation>time started</translation>
        </message>
        <message>
            <source>subject</source>
            <translation>subject</translation>
        </message>
        <message>
            <source>summary</source>
            <translation>summary</translation>
        </message>
        <message>
            <source>terms</source>
            <translation>terms</translation>
        </message>
        <message>
            <source>text</source>
            <translation>text</translation>
        </message>
        <message>
            <source>title</source>
            <translation>title</translation>
        </message>
        <message>
            <source>time of the visit</source>
            <translation>time of the visit</translation>
        </message>
        <message>
            <source>visitor</source>
            <translation>visitor</translation>
        </message>
        <message>
            <source>people waiting ahead</source>
            <translation>people waiting ahead</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1: %2</translation>
        </message>
        <message>
            <source>; </source>
            <translation>; </translation>
        </message>
    </context>
    <context>
        <name>DocumentMessages</name>
        <message>
            <source>The case file of %1 cannot be made yet; it lacks: %2</source>
            <translation>The case file of %1 cannot be made yet; it lacks: %2</translation>
        </message>
        <message>
            <source>Case %1 is not closed yet: a case file is made once it is closed.</source>
            <translation>Case %1 is not closed yet: a case file is made once it is closed.</translation>
        </message>
        <message>
            <source>The case file of %1 is already finalised (version %2). Make a new version, with the reason, to change it.</source>
            <translation>The case file of %1 is already finalised (version %2). Make a new version, with the reason, to change it.</translation>
        </message>
        <message>
            <source>The case file of %1 has not been finalised yet.</source>
            <translation>The case file of %1 has not been finalised yet.</translation>
        </message>
        <message>
            <source>The stored case file of %1 (version %2) does not match its SHA-256 fingerprint: it was changed or damaged. Restore it from a backup.</source>
            <translation>The stored case file of %1 (version %2) does not match its SHA-256 fingerprint: it was changed or damaged. Restore it from a backup.</translation>
        </message>
        <message>
            <source>Export cancelled after %1 of %2 files.</source>
            <translation>Export cancelled after %1 of %2 files.</translation>
        </message>
        <message>
            <source>This computer has no print system to send the document to. Save the document and print it on another computer, or ask for the print service (CUPS) to be installed.</source>
            <translation>This computer has no print system to send the document to. Save the document and print it on another computer, or ask for the print service (CUPS) to be installed.</translation>
        </message>
        <message>
            <source>No default printer is set up on this computer. Set one up in the system's printer settings, or save the document and print it elsewhere.</source>
            <translation>No default printer is set up on this computer. Set one up in the system's printer settings, or save the document and print it elsewhere.</translation>
        </message>
        <message>
            <source>The print service of this computer is not running. Restart the computer or ask for help; meanwhile save the document and print it elsewhere.</source>
            <translation>The print service of this computer is not running. Restart the computer or ask for help; meanwhile save the document and print it elsewhere.</translation>
        </message>
        <message>
            <source>The printer refused the document. Check the printer (paper, power, connection) and print again.</source>
            <translation>The printer refused the document. Check the printer (paper, power, connection) and print again.</translation>
        </message>
    </context>
    <context>
        <name>Documents</name>
        <message>
            <source>Save document as</source>
            <translation>Save document as</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>PDF files (*.pdf)</translation>
        </message>
        <message>
            <source>Opened %1 in the PDF viewer. The file is %2</source>
            <translation>Opened %1 in the PDF viewer. The file is %2</translation>
        </message>
        <message>
            <source>No PDF viewer could be started on this computer. The document is saved as %1 (the path is on the clipboard).</source>
            <translation>No PDF viewer could be started on this computer. The document is saved as %1 (the path is on the clipboard).</translation>
        </message>
        <message>
            <source>the disk is full</source>
            <translation>the disk is full</translation>
        </message>
        <message>
            <source>there is no permission to write there</source>
            <translation>there is no permission to write there</translation>
        </message>
        <message>
            <source>the disk is read-only</source>
            <translation>the disk is read-only</translation>
        </message>
        <message>
            <source>system error %1</source>
            <translation>system error %1</translation>
        </message>
        <message>
            <source>The document could not be written: %1.</source>
            <translation>The document could not be written: %1.</translation>
        </message>
        <message>
            <source>Sent %1 to the printer.</source>
            <translation>Sent %1 to the printer.</translation>
        </message>
        <message>
            <source>Saved as %1.</source>
            <translation>Saved as %1.</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Open</translation>
        </message>
        <message>
            <source>Print</source>
            <translation>Print</translation>
        </message>
        <message>
            <source>Save as…</source>
            <translation>Save as…</translation>
        </message>
        <message>
            <source>Generate and open in the PDF viewer</source>
            <translation>Generate and open in the PDF viewer</translation>
        </message>
        <message>
            <source>Generate and print on the default printer</source>
            <translation>Generate and print on the default printer</translation>
        </message>
        <message>
            <source>Generate and save as a PDF file</source>
            <translation>Generate and save as a PDF file</translation>
        </message>
    </context>
    <context>
        <name>Entities</name>
        <message>
            <source>Center</source>
            <translation>Center</translation>
        </message>
        <message>
            <source>Queue service</source>
            <translation>Queue service</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>Window</translation>
        </message>
        <message>
            <source>Room</source>
            <translation>Room</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>Department</translation>
        </message>
        <message>
            <source>Petition category</source>
            <translation>Petition category</translation>
        </message>
        <message>
            <source>Dispute type</source>
            <translation>Dispute type</translation>
        </message>
        <message>
            <source>Calendar day</source>
            <translation>Calendar day</translation>
        </message>
        <message>
            <source>Setting</source>
            <translation>Setting</translation>
        </message>
        <message>
            <source>User account</source>
            <translation>User account</translation>
        </message>
        <message>
            <source>Calendar year</source>
            <translation>Calendar year</translation>
        </message>
        <message>
            <source>Person</source>
            <translation>Person</translation>
        </message>
        <message>
            <source>Petition</source>
            <translation>Petition</translation>
        </message>
        <message>
            <source>Petitioner</source>
            <translation>Petitioner</translation>
        </message>
        <message>
            <source>Petition reply</source>
            <translation>Petition reply</translation>
        </message>
        <message>
            <source>Petition supervision</source>
            <translation>Petition supervision</translation>
        </message>
        <message>
            <source>Petition extension</source>
            <translation>Petition extension</translation>
        </message>
        <message>
            <source>Petition attachment</source>
            <translation>Petition attachment</translation>
        </message>
        <message>
            <source>Dispute</source>
            <translation>Dispute</translation>
        </message>
        <message>
            <source>Dispute party</source>
            <translation>Dispute party</translation>
        </message>
        <message>
            <source>Mediator of a dispute</source>
            <translation>Mediator of a dispute</translation>
        </message>
        <message>
            <source>Mediator</source>
            <translation>Mediator</translation>
        </message>
        <message>
            <source>Mediation session</source>
            <translation>Mediation session</translation>
        </message>
        <message>
            <source>Mediation follow-up visit</source>
            <translation>Mediation follow-up visit</translation>
        </message>
        <message>
            <source>Mediation agreement</source>
            <translation>Mediation agreement</translation>
        </message>
        <message>
            <source>Agreement term</source>
            <translation>Agreement term</translation>
        </message>
        <message>
            <source>Performance of a term</source>
            <translation>Performance of a term</translation>
        </message>
        <message>
            <source>Judicial confirmation</source>
            <translation>Judicial confirmation</translation>
        </message>
        <message>
            <source>Room booking</source>
            <translation>Room booking</translation>
        </message>
        <message>
            <source>Party of a booking</source>
            <translation>Party of a booking</translation>
        </message>
        <message>
            <source>Mediator of a booking</source>
            <translation>Mediator of a booking</translation>
        </message>
        <message>
            <source>Queue appointment</source>
            <translation>Queue appointment</translation>
        </message>
        <message>
            <source>Bad-rating follow-up</source>
            <translation>Bad-rating follow-up</translation>
        </message>
        <message>
            <source>Matter</source>
            <translation>Matter</translation>
        </message>
        <message>
            <source>Matter handover</source>
            <translation>Matter handover</translation>
        </message>
        <message>
            <source>Case file version</source>
            <translation>Case file version</translation>
        </message>
        <message>
            <source>Work order import</source>
            <translation>Work order import</translation>
        </message>
        <message>
            <source>Imported work order</source>
            <translation>Imported work order</translation>
        </message>
        <message>
            <source>Category synonym</source>
            <translation>Category synonym</translation>
        </message>
        <message>
            <source>Export layout</source>
            <translation>Export layout</translation>
        </message>
        <message>
            <source>Voice clip</source>
            <translation>Voice clip</translation>
        </message>
        <message>
            <source>Personal data key</source>
            <translation>Personal data key</translation>
        </message>
        <message>
            <source>Database</source>
            <translation>Database</translation>
        </message>
    </context>
    <context>
        <name>ExportDialog</name>
        <message>
            <source>Export handling results</source>
            <translation>Export handling results</translation>
        </message>
        <message>
            <source>Our field</source>
            <translation>Our field</translation>
        </message>
        <message>
            <source>Header in the file</source>
            <translation>Header in the file</translation>
        </message>
        <message>
            <source>&amp;Add column</source>
            <translation>&amp;Add column</translation>
        </message>
        <message>
            <source>&amp;Remove column</source>
            <translation>&amp;Remove column</translation>
        </message>
        <message>
            <source>Move &amp;up</source>
            <translation>Move &amp;up</translation>
        </message>
        <message>
            <source>Move &amp;down</source>
            <translation>Move &amp;down</translation>
        </message>
        <message>
            <source>Move the column left in the file</source>
            <translation>Move the column left in the file</translation>
        </message>
        <message>
            <source>&amp;Save layout</source>
            <translation>&amp;Save layout</translation>
        </message>
        <message>
            <source>Keep these columns for the next export of this source</source>
            <translation>Keep these columns for the next export of this source</translation>
        </message>
        <message>
            <source>C&amp;hoose…</source>
            <translation>C&amp;hoose…</translation>
        </message>
        <message>
            <source>Source:</source>
            <translation>Source:</translation>
        </message>
        <message>
            <source>Concluded between:</source>
            <translation>Concluded between:</translation>
        </message>
        <message>
            <source>Columns:</source>
            <translation>Columns:</translation>
        </message>
        <message>
            <source>Time format:</source>
            <translation>Time format:</translation>
        </message>
        <message>
            <source>File:</source>
            <translation>File:</translation>
        </message>
        <message>
            <source>&amp;Export</source>
            <translation>&amp;Export</translation>
        </message>
        <message>
            <source>Write the file</source>
            <translation>Write the file</translation>
        </message>
        <message>
            <source>Export case files</source>
            <translation>Export case files</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Browse…</translation>
        </message>
        <message>
            <source>Closed from:</source>
            <translation>Closed from:</translation>
        </message>
        <message>
            <source>Closed to:</source>
            <translation>Closed to:</translation>
        </message>
        <message>
            <source>Folder:</source>
            <translation>Folder:</translation>
        </message>
        <message>
            <source>One PDF per closed petition or dispute (the stored version; cases not yet finalised are finalised now), and manifest.csv with each file's SHA-256.</source>
            <translation>One PDF per closed petition or dispute (the stored version; cases not yet finalised are finalised now), and manifest.csv with each file's SHA-256.</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>Export</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Export to folder</source>
            <translation>Export to folder</translation>
        </message>
        <message>
            <source>Choose a folder.</source>
            <translation>Choose a folder.</translation>
        </message>
        <message>
            <source>Looking for closed cases…</source>
            <translation>Looking for closed cases…</translation>
        </message>
        <message>
            <source>%1 of %2 case files written%3</source>
            <translation>%1 of %2 case files written%3</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>%1 case files exported to %2 (%3 finalised now); manifest.csv lists them.</source>
            <translation>%1 case files exported to %2 (%3 finalised now); manifest.csv lists them.</translation>
        </message>
        <message>
            <source>Export cancelled. The files already written are complete; no manifest was written.</source>
            <translation>Export cancelled. The files already written are complete; no manifest was written.</translation>
        </message>
        <message>
            <source>Stopping after the current file…</source>
            <translation>Stopping after the current file…</translation>
        </message>
        <message>
            <source>Layout saved.</source>
            <translation>Layout saved.</translation>
        </message>
        <message>
            <source>Export to</source>
            <translation>Export to</translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
            <translation>Excel workbook (*.xlsx);;CSV (*.csv)</translation>
        </message>
        <message>
            <source>Choose the file to write.</source>
            <translation>Choose the file to write.</translation>
        </message>
        <message>
            <source>Exporting…</source>
            <translation>Exporting…</translation>
        </message>
        <message>
            <source>%1 work orders written to %2.</source>
            <translation>%1 work orders written to %2.</translation>
        </message>
    </context>
    <context>
        <name>Fields</name>
        <message>
            <source>User name</source>
            <translation>User name</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Window number</source>
            <translation>Window number</translation>
        </message>
        <message>
            <source>Ticket letter</source>
            <translation>Ticket letter</translation>
        </message>
        <message>
            <source>Case number abbreviation</source>
            <translation>Case number abbreviation</translation>
        </message>
        <message>
            <source>Capacity</source>
            <translation>Capacity</translation>
        </message>
        <message>
            <source>Closing time</source>
            <translation>Closing time</translation>
        </message>
        <message>
            <source>Parent category</source>
            <translation>Parent category</translation>
        </message>
        <message>
            <source>Description</source>
            <translation>Description</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Contact person</source>
            <translation>Contact person</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Order</source>
            <translation>Order</translation>
        </message>
        <message>
            <source>Opening time</source>
            <translation>Opening time</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>Window</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>Department</translation>
        </message>
        <message>
            <source>Record ID</source>
            <translation>Record ID</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Working day</source>
            <translation>Working day</translation>
        </message>
        <message>
            <source>Setting</source>
            <translation>Setting</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>Value</translation>
        </message>
        <message>
            <source>Window (record ID)</source>
            <translation>Window (record ID)</translation>
        </message>
        <message>
            <source>Password (hidden)</source>
            <translation>Password (hidden)</translation>
        </message>
        <message>
            <source>Failed sign-ins</source>
            <translation>Failed sign-ins</translation>
        </message>
        <message>
            <source>Locked until</source>
            <translation>Locked until</translation>
        </message>
        <message>
            <source>Last sign-in</source>
            <translation>Last sign-in</translation>
        </message>
        <message>
            <source>Created at</source>
            <translation>Created at</translation>
        </message>
        <message>
            <source>Minimum password length (characters)</source>
            <translation>Minimum password length (characters)</translation>
        </message>
        <message>
            <source>Wrong passwords before an account locks</source>
            <translation>Wrong passwords before an account locks</translation>
        </message>
        <message>
            <source>Account lockout (minutes)</source>
            <translation>Account lockout (minutes)</translation>
        </message>
        <message>
            <source>Lock the screen after inactivity (minutes, 0 = never)</source>
            <translation>Lock the screen after inactivity (minutes, 0 = never)</translation>
        </message>
        <message>
            <source>Matter code prefix (e.g. HS)</source>
            <translation>Matter code prefix (e.g. HS)</translation>
        </message>
        <message>
            <source>Handover not acknowledged: flag after (hours)</source>
            <translation>Handover not acknowledged: flag after (hours)</translation>
        </message>
        <message>
            <source>Kiosk progress lookup: wrong tries before locking</source>
            <translation>Kiosk progress lookup: wrong tries before locking</translation>
        </message>
        <message>
            <source>Kiosk progress lookup: lock for (minutes)</source>
            <translation>Kiosk progress lookup: lock for (minutes)</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>Subject</translation>
        </message>
        <message>
            <source>Facts</source>
            <translation>Facts</translation>
        </message>
        <message>
            <source>Disputed matters</source>
            <translation>Disputed matters</translation>
        </message>
        <message>
            <source>Parties</source>
            <translation>Parties</translation>
        </message>
        <message>
            <source>Mediators</source>
            <translation>Mediators</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Source</translation>
        </message>
        <message>
            <source>Referred by</source>
            <translation>Referred by</translation>
        </message>
        <message>
            <source>Dispute type</source>
            <translation>Dispute type</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>Start</translation>
        </message>
        <message>
            <source>End</source>
            <translation>End</translation>
        </message>
        <message>
            <source>Room</source>
            <translation>Room</translation>
        </message>
        <message>
            <source>Reason for cancelling</source>
            <translation>Reason for cancelling</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>Outcome</translation>
        </message>
        <message>
            <source>Explanation</source>
            <translation>Explanation</translation>
        </message>
        <message>
            <source>Referred to</source>
            <translation>Referred to</translation>
        </message>
        <message>
            <source>Receiving body</source>
            <translation>Receiving body</translation>
        </message>
        <message>
            <source>Place</source>
            <translation>Place</translation>
        </message>
        <message>
            <source>Attendees</source>
            <translation>Attendees</translation>
        </message>
        <message>
            <source>Recorder</source>
            <translation>Recorder</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Record</translation>
        </message>
        <message>
            <source>Reason for the correction</source>
            <translation>Reason for the correction</translation>
        </message>
        <message>
            <source>Signing date</source>
            <translation>Signing date</translation>
        </message>
        <message>
            <source>Application date</source>
            <translation>Application date</translation>
        </message>
        <message>
            <source>Court</source>
            <translation>Court</translation>
        </message>
        <message>
            <source>Visited by</source>
            <translation>Visited by</translation>
        </message>
        <message>
            <source>Visit date</source>
            <translation>Visit date</translation>
        </message>
        <message>
            <source>Performance</source>
            <translation>Performance</translation>
        </message>
        <message>
            <source>Satisfaction</source>
            <translation>Satisfaction</translation>
        </message>
        <message>
            <source>Duration (minutes)</source>
            <translation>Duration (minutes)</translation>
        </message>
        <message>
            <source>Working days</source>
            <translation>Working days</translation>
        </message>
        <message>
            <source>Staff account</source>
            <translation>Staff account</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>ID number</translation>
        </message>
        <message>
            <source>Representative</source>
            <translation>Representative</translation>
        </message>
        <message>
            <source>Representative's phone</source>
            <translation>Representative's phone</translation>
        </message>
        <message>
            <source>Unified social credit code</source>
            <translation>Unified social credit code</translation>
        </message>
        <message>
            <source>Period</source>
            <translation>Period</translation>
        </message>
        <message>
            <source>File format</source>
            <translation>File format</translation>
        </message>
        <message>
            <source>Report</source>
            <translation>Report</translation>
        </message>
        <message>
            <source>Figure</source>
            <translation>Figure</translation>
        </message>
        <message>
            <source>Content of the petition</source>
            <translation>Content of the petition</translation>
        </message>
        <message>
            <source>Requests</source>
            <translation>Requests</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>Petitioners</source>
            <translation>Petitioners</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Folder</source>
            <translation>Folder</translation>
        </message>
        <message>
            <source>Case kind</source>
            <translation>Case kind</translation>
        </message>
        <message>
            <source>Reason for a new case</source>
            <translation>Reason for a new case</translation>
        </message>
        <message>
            <source>Facts found</source>
            <translation>Facts found</translation>
        </message>
        <message>
            <source>Basis</source>
            <translation>Basis</translation>
        </message>
        <message>
            <source>Where to turn instead</source>
            <translation>Where to turn instead</translation>
        </message>
        <message>
            <source>Decision on each request</source>
            <translation>Decision on each request</translation>
        </message>
        <message>
            <source>Issuing body</source>
            <translation>Issuing body</translation>
        </message>
        <message>
            <source>Extension (days)</source>
            <translation>Extension (days)</translation>
        </message>
        <message>
            <source>Due date</source>
            <translation>Due date</translation>
        </message>
        <message>
            <source>Meeting date</source>
            <translation>Meeting date</translation>
        </message>
        <message>
            <source>End of the hearing</source>
            <translation>End of the hearing</translation>
        </message>
        <message>
            <source>Follow-up method</source>
            <translation>Follow-up method</translation>
        </message>
        <message>
            <source>Attachment</source>
            <translation>Attachment</translation>
        </message>
        <message>
            <source>Handler</source>
            <translation>Handler</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>Answer</translation>
        </message>
        <message>
            <source>Review case</source>
            <translation>Review case</translation>
        </message>
        <message>
            <source>Petitions: days to tell whether accepted</source>
            <translation>Petitions: days to tell whether accepted</translation>
        </message>
        <message>
            <source>Petitions: acceptance notice counts working days</source>
            <translation>Petitions: acceptance notice counts working days</translation>
        </message>
        <message>
            <source>Petitions: days to object to an assignment</source>
            <translation>Petitions: days to object to an assignment</translation>
        </message>
        <message>
            <source>Petitions: objection period counts working days</source>
            <translation>Petitions: objection period counts working days</translation>
        </message>
        <message>
            <source>Petitions: days to conclude after acceptance</source>
            <translation>Petitions: days to conclude after acceptance</translation>
        </message>
        <message>
            <source>Petitions: conclusion period counts working days</source>
            <translation>Petitions: conclusion period counts working days</translation>
        </message>
        <message>
            <source>Petitions: days to request a review (复查)</source>
            <translation>Petitions: days to request a review (复查)</translation>
        </message>
        <message>
            <source>Petitions: review request period counts working days</source>
            <translation>Petitions: review request period counts working days</translation>
        </message>
        <message>
            <source>Petitions: days for the review opinion</source>
            <translation>Petitions: days for the review opinion</translation>
        </message>
        <message>
            <source>Petitions: review opinion period counts working days</source>
            <translation>Petitions: review opinion period counts working days</translation>
        </message>
        <message>
            <source>Petitions: days to request a re-examination (复核)</source>
            <translation>Petitions: days to request a re-examination (复核)</translation>
        </message>
        <message>
            <source>Petitions: re-examination request period counts working days</source>
            <translation>Petitions: re-examination request period counts working days</translation>
        </message>
        <message>
            <source>Petitions: days for the re-examination opinion</source>
            <translation>Petitions: days for the re-examination opinion</translation>
        </message>
        <message>
            <source>Petitions: re-examination opinion period counts working days</source>
            <translation>Petitions: re-examination opinion period counts working days</translation>
        </message>
        <message>
            <source>Petitions: days to follow up after the reply</source>
            <translation>Petitions: days to follow up after the reply</translation>
        </message>
        <message>
            <source>Petitions: follow-up period counts working days</source>
            <translation>Petitions: follow-up period counts working days</translation>
        </message>
        <message>
            <source>Petitions: longest extension (days, at most 30)</source>
            <translation>Petitions: longest extension (days, at most 30)</translation>
        </message>
        <message>
            <source>Petitions: “due soon” within (days)</source>
            <translation>Petitions: “due soon” within (days)</translation>
        </message>
        <message>
            <source>Petitions: a period ending on a day off ends on the next working day</source>
            <translation>Petitions: a period ending on a day off ends on the next working day</translation>
        </message>
        <message>
            <source>Petitions: largest attachment (MB)</source>
            <translation>Petitions: largest attachment (MB)</translation>
        </message>
        <message>
            <source>Petitions: look for similar cases of the last (days)</source>
            <translation>Petitions: look for similar cases of the last (days)</translation>
        </message>
        <message>
            <source>Petitions: content counts as similar from (%)</source>
            <translation>Petitions: content counts as similar from (%)</translation>
        </message>
        <message>
            <source>Petitions: body that handles 复查 requests</source>
            <translation>Petitions: body that handles 复查 requests</translation>
        </message>
        <message>
            <source>Petitions: body that handles 复核 requests</source>
            <translation>Petitions: body that handles 复核 requests</translation>
        </message>
        <message>
            <source>Category name on the platform</source>
            <translation>Category name on the platform</translation>
        </message>
        <message>
            <source>Columns</source>
            <translation>Columns</translation>
        </message>
        <message>
            <source>Time format</source>
            <translation>Time format</translation>
        </message>
        <message>
            <source>Column mapping</source>
            <translation>Column mapping</translation>
        </message>
        <message>
            <source>Work-order import: most rows in one file</source>
            <translation>Work-order import: most rows in one file</translation>
        </message>
        <message>
            <source>Summary of the matter</source>
            <translation>Summary of the matter</translation>
        </message>
        <message>
            <source>Service</source>
            <translation>Service</translation>
        </message>
        <message>
            <source>Visitor's name</source>
            <translation>Visitor's name</translation>
        </message>
        <message>
            <source>Appointment day</source>
            <translation>Appointment day</translation>
        </message>
        <message>
            <source>Appointment time</source>
            <translation>Appointment time</translation>
        </message>
        <message>
            <source>Appointment</source>
            <translation>Appointment</translation>
        </message>
        <message>
            <source>Transfer target</source>
            <translation>Transfer target</translation>
        </message>
        <message>
            <source>Place in the line</source>
            <translation>Place in the line</translation>
        </message>
        <message>
            <source>Service record</source>
            <translation>Service record</translation>
        </message>
        <message>
            <source>Kind of case</source>
            <translation>Kind of case</translation>
        </message>
        <message>
            <source>Rating</source>
            <translation>Rating</translation>
        </message>
        <message>
            <source>Calls of one ticket at most</source>
            <translation>Calls of one ticket at most</translation>
        </message>
        <message>
            <source>Seconds between two calls of a ticket</source>
            <translation>Seconds between two calls of a ticket</translation>
        </message>
        <message>
            <source>Issue tickets outside opening hours</source>
            <translation>Issue tickets outside opening hours</translation>
        </message>
        <message>
            <source>Live queue: highlight waits longer than (minutes)</source>
            <translation>Live queue: highlight waits longer than (minutes)</translation>
        </message>
        <message>
            <source>Hall display: recent calls shown</source>
            <translation>Hall display: recent calls shown</translation>
        </message>
        <message>
            <source>Bad-rating follow-up deadline (working days)</source>
            <translation>Bad-rating follow-up deadline (working days)</translation>
        </message>
        <message>
            <source>Rating step: closes itself after (seconds)</source>
            <translation>Rating step: closes itself after (seconds)</translation>
        </message>
        <message>
            <source>Daily backups kept (days)</source>
            <translation>Daily backups kept (days)</translation>
        </message>
        <message>
            <source>Monthly backups kept (months)</source>
            <translation>Monthly backups kept (months)</translation>
        </message>
        <message>
            <source>Calendar: warn about next year's holidays from (month)</source>
            <translation>Calendar: warn about next year's holidays from (month)</translation>
        </message>
        <message>
            <source>Calendar: warn about next year's holidays from (day)</source>
            <translation>Calendar: warn about next year's holidays from (day)</translation>
        </message>
        <message>
            <source>Kiosk: issue ordinary tickets on days off (staffed holiday)</source>
            <translation>Kiosk: issue ordinary tickets on days off (staffed holiday)</translation>
        </message>
        <message>
            <source>Last day</source>
            <translation>Last day</translation>
        </message>
        <message>
            <source>Voice</source>
            <translation>Voice</translation>
        </message>
        <message>
            <source>Say each call</source>
            <translation>Say each call</translation>
        </message>
        <message>
            <source>Speed</source>
            <translation>Speed</translation>
        </message>
        <message>
            <source>Volume</source>
            <translation>Volume</translation>
        </message>
        <message>
            <source>Engine voice</source>
            <translation>Engine voice</translation>
        </message>
        <message>
            <source>Phrase</source>
            <translation>Phrase</translation>
        </message>
        <message>
            <source>Voice pack file</source>
            <translation>Voice pack file</translation>
        </message>
        <message>
            <source>Printer</source>
            <translation>Printer</translation>
        </message>
        <message>
            <source>USB printer ID (vendor:product, e.g. 0416:5011)</source>
            <translation>USB printer ID (vendor:product, e.g. 0416:5011)</translation>
        </message>
        <message>
            <source>Serial port</source>
            <translation>Serial port</translation>
        </message>
        <message>
            <source>Baud rate</source>
            <translation>Baud rate</translation>
        </message>
        <message>
            <source>Printer address</source>
            <translation>Printer address</translation>
        </message>
        <message>
            <source>Port</source>
            <translation>Port</translation>
        </message>
    </context>
    <context>
        <name>FindSlotDialog</name>
        <message>
            <source>Find a slot</source>
            <translation>Find a slot</translation>
        </message>
        <message>
            <source> min</source>
            <translation> min</translation>
        </message>
        <message>
            <source>Any room</source>
            <translation>Any room</translation>
        </message>
        <message>
            <source> working days</source>
            <translation> working days</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>Day</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Free rooms</source>
            <translation>Free rooms</translation>
        </message>
        <message>
            <source>Duration:</source>
            <translation>Duration:</translation>
        </message>
        <message>
            <source>Room:</source>
            <translation>Room:</translation>
        </message>
        <message>
            <source>Within:</source>
            <translation>Within:</translation>
        </message>
        <message>
            <source>&amp;Search</source>
            <translation>&amp;Search</translation>
        </message>
        <message>
            <source>Take this time</source>
            <translation>Take this time</translation>
        </message>
        <message>
            <source>No free time in these working days. Try more days or another room.</source>
            <translation>No free time in these working days. Try more days or another room.</translation>
        </message>
    </context>
    <context>
        <name>FollowUpDialog</name>
        <message>
            <source>Follow-up visit</source>
            <translation>Follow-up visit</translation>
        </message>
        <message>
            <source>Visited on:</source>
            <translation>Visited on:</translation>
        </message>
        <message>
            <source>How:</source>
            <translation>How:</translation>
        </message>
        <message>
            <source>Visited by:</source>
            <translation>Visited by:</translation>
        </message>
        <message>
            <source>Visited party:</source>
            <translation>Visited party:</translation>
        </message>
        <message>
            <source>Performance of the agreement:</source>
            <translation>Performance of the agreement:</translation>
        </message>
        <message>
            <source>Satisfaction:</source>
            <translation>Satisfaction:</translation>
        </message>
        <message>
            <source>Opinions and notes:</source>
            <translation>Opinions and notes:</translation>
        </message>
    </context>
    <context>
        <name>FollowUpsPage</name>
        <message>
            <source>Ticket</source>
            <translation>Ticket</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>Day</translation>
        </message>
        <message>
            <source>Service</source>
            <translation>Service</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>Window</translation>
        </message>
        <message>
            <source>Staff</source>
            <translation>Staff</translation>
        </message>
        <message>
            <source>Rating</source>
            <translation>Rating</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>Due</translation>
        </message>
        <message>
            <source>State</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>Answer</translation>
        </message>
        <message>
            <source>Answer…</source>
            <translation>Answer…</translation>
        </message>
        <message>
            <source>Answer… (Ctrl+Enter)</source>
            <translation>Answer… (Ctrl+Enter)</translation>
        </message>
        <message>
            <source>Record the answer to the selected follow-up (Ctrl+Enter)</source>
            <translation>Record the answer to the selected follow-up (Ctrl+Enter)</translation>
        </message>
        <message>
            <source>Open follow-ups: %1</source>
            <translation>Open follow-ups: %1</translation>
        </message>
    </context>
    <context>
        <name>FormDialog</name>
        <message>
            <source>Save (Ctrl+Enter)</source>
            <translation>Save (Ctrl+Enter)</translation>
        </message>
    </context>
    <context>
        <name>GenerateDialog</name>
        <message>
            <source>OneStop reports</source>
            <translation>OneStop reports</translation>
        </message>
        <message>
            <source>Generate report</source>
            <translation>Generate report</translation>
        </message>
        <message>
            <source>Daily brief (一日一快报)</source>
            <translation>Daily brief (一日一快报)</translation>
        </message>
        <message>
            <source>Weekly bulletin (一周一通报)</source>
            <translation>Weekly bulletin (一周一通报)</translation>
        </message>
        <message>
            <source>Monthly report</source>
            <translation>Monthly report</translation>
        </message>
        <message>
            <source>Yearly report</source>
            <translation>Yearly report</translation>
        </message>
        <message>
            <source>&amp;PDF (to print)</source>
            <translation>&amp;PDF (to print)</translation>
        </message>
        <message>
            <source>E&amp;xcel workbook</source>
            <translation>E&amp;xcel workbook</translation>
        </message>
        <message>
            <source>&amp;Browse…</source>
            <translation>&amp;Browse…</translation>
        </message>
        <message>
            <source>&amp;Open the report when it is ready</source>
            <translation>&amp;Open the report when it is ready</translation>
        </message>
        <message>
            <source>&amp;Open the report</source>
            <translation>&amp;Open the report</translation>
        </message>
        <message>
            <source>Open the &amp;folder</source>
            <translation>Open the &amp;folder</translation>
        </message>
        <message>
            <source>&amp;Copy the path</source>
            <translation>&amp;Copy the path</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>&amp;Generate</source>
            <translation>&amp;Generate</translation>
        </message>
        <message>
            <source>Report:</source>
            <translation>Report:</translation>
        </message>
        <message>
            <source>The report is ready: %1</source>
            <translation>The report is ready: %1</translation>
        </message>
        <message>
            <source>The period had no business at all; the report says so.</source>
            <translation>The period had no business at all; the report says so.</translation>
        </message>
        <message>
            <source>It has been opened.</source>
            <translation>It has been opened.</translation>
        </message>
        <message>
            <source>No program on this computer could open it: use the file from its folder or copy it to another computer.</source>
            <translation>No program on this computer could open it: use the file from its folder or copy it to another computer.</translation>
        </message>
        <message>
            <source>&amp;Open the workbook</source>
            <translation>&amp;Open the workbook</translation>
        </message>
        <message>
            <source>No program on this computer could open %1.</source>
            <translation>No program on this computer could open %1.</translation>
        </message>
        <message>
            <source>No file manager could be started. The folder is %1 (the path is on the clipboard).</source>
            <translation>No file manager could be started. The folder is %1 (the path is on the clipboard).</translation>
        </message>
        <message>
            <source>Format:</source>
            <translation>Format:</translation>
        </message>
        <message>
            <source>Save as:</source>
            <translation>Save as:</translation>
        </message>
        <message>
            <source>Day:</source>
            <translation>Day:</translation>
        </message>
        <message>
            <source>Week:</source>
            <translation>Week:</translation>
        </message>
        <message>
            <source>Month:</source>
            <translation>Month:</translation>
        </message>
        <message>
            <source>Year:</source>
            <translation>Year:</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>PDF files (*.pdf)</translation>
        </message>
        <message>
            <source>Excel workbooks (*.xlsx)</source>
            <translation>Excel workbooks (*.xlsx)</translation>
        </message>
        <message>
            <source>Save the report as</source>
            <translation>Save the report as</translation>
        </message>
        <message>
            <source>Preparing the report…</source>
            <translation>Preparing the report…</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Generating report</source>
            <translation>Generating report</translation>
        </message>
        <message>
            <source>Stopping…</source>
            <translation>Stopping…</translation>
        </message>
        <message>
            <source>Preparing: %1</source>
            <translation>Preparing: %1</translation>
        </message>
        <message>
            <source>Saving the file…</source>
            <translation>Saving the file…</translation>
        </message>
        <message>
            <source>The report was cancelled; no file was written.</source>
            <translation>The report was cancelled; no file was written.</translation>
        </message>
    </context>
    <context>
        <name>HallDevicesScreen</name>
        <message>
            <source>Call &amp;voice</source>
            <translation>Call &amp;voice</translation>
        </message>
        <message>
            <source>Voice &amp;pack</source>
            <translation>Voice &amp;pack</translation>
        </message>
        <message>
            <source>Ticket &amp;printer</source>
            <translation>Ticket &amp;printer</translation>
        </message>
    </context>
    <context>
        <name>HallDisplay</name>
        <message>
            <source>Ticket %1, please go to window %2</source>
            <translation>Ticket %1, please go to window %2</translation>
        </message>
        <message>
            <source>Window %1</source>
            <translation>Window %1</translation>
        </message>
        <message>
            <source>Paused</source>
            <translation>Paused</translation>
        </message>
        <message>
            <source>OneStop hall display</source>
            <translation>OneStop hall display</translation>
        </message>
        <message>
            <source>Now calling</source>
            <translation>Now calling</translation>
        </message>
        <message>
            <source>Recent calls</source>
            <translation>Recent calls</translation>
        </message>
        <message>
            <source>Waiting</source>
            <translation>Waiting</translation>
        </message>
        <message>
            <source>Voice: the recorded voice pack</source>
            <translation>Voice: the recorded voice pack</translation>
        </message>
        <message>
            <source>Voice: %1</source>
            <translation>Voice: %1</translation>
        </message>
        <message>
            <source>Voice: chime only (no Chinese voice found)</source>
            <translation>Voice: chime only (no Chinese voice found)</translation>
        </message>
        <message>
            <source>%1  %2 waiting</source>
            <translation>%1  %2 waiting</translation>
        </message>
        <message>
            <source>Connection to the database lost — reconnecting…</source>
            <translation>Connection to the database lost — reconnecting…</translation>
        </message>
        <message>
            <source>This database belongs to a newer OneStop.</source>
            <translation>This database belongs to a newer OneStop.</translation>
        </message>
        <message>
            <source>Please wait for your number to be called</source>
            <translation>Please wait for your number to be called</translation>
        </message>
    </context>
    <context>
        <name>HallVoiceMessages</name>
        <message>
            <source>Nothing was heard: check the microphone and speak closer to it.</source>
            <translation>Nothing was heard: check the microphone and speak closer to it.</translation>
        </message>
        <message>
            <source>The clip is too long (at most %1 seconds): say only the phrase.</source>
            <translation>The clip is too long (at most %1 seconds): say only the phrase.</translation>
        </message>
        <message>
            <source>Not a WAV file OneStop can read (PCM WAV, 8 to 32 bits, any rate).</source>
            <translation>Not a WAV file OneStop can read (PCM WAV, 8 to 32 bits, any rate).</translation>
        </message>
        <message>
            <source>the recorded voice pack</source>
            <translation>the recorded voice pack</translation>
        </message>
        <message>
            <source>the speech engine's voice %1</source>
            <translation>the speech engine's voice %1</translation>
        </message>
        <message>
            <source>the chime only (no Chinese voice)</source>
            <translation>the chime only (no Chinese voice)</translation>
        </message>
        <message>
            <source>Automatic: the recorded pack when complete, else the speech engine</source>
            <translation>Automatic: the recorded pack when complete, else the speech engine</translation>
        </message>
        <message>
            <source>The speech engine's Mandarin voice</source>
            <translation>The speech engine's Mandarin voice</translation>
        </message>
        <message>
            <source>The recorded voice pack</source>
            <translation>The recorded voice pack</translation>
        </message>
        <message>
            <source>The chime only (no voice)</source>
            <translation>The chime only (no voice)</translation>
        </message>
    </context>
    <context>
        <name>HandoverBox</name>
        <message>
            <source>Direction</source>
            <translation>Direction</translation>
        </message>
        <message>
            <source>Matter</source>
            <translation>Matter</translation>
        </message>
        <message>
            <source>Summary</source>
            <translation>Summary</translation>
        </message>
        <message>
            <source>From / to</source>
            <translation>From / to</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Sent</source>
            <translation>Sent</translation>
        </message>
        <message>
            <source>&amp;Receive</source>
            <translation>&amp;Receive</translation>
        </message>
        <message>
            <source>Receive the selected matter: you answer for it from now</source>
            <translation>Receive the selected matter: you answer for it from now</translation>
        </message>
        <message>
            <source>Matters to receive (%1)</source>
            <translation>Matters to receive (%1)</translation>
        </message>
        <message>
            <source>To receive</source>
            <translation>To receive</translation>
        </message>
        <message>
            <source>Sent, not yet received</source>
            <translation>Sent, not yet received</translation>
        </message>
        <message>
            <source>late</source>
            <translation>late</translation>
        </message>
        <message>
            <source>Nothing is waiting to be received.</source>
            <translation>Nothing is waiting to be received.</translation>
        </message>
        <message>
            <source>%1 matters wait for you to receive them (Ctrl+J).</source>
            <translation>%1 matters wait for you to receive them (Ctrl+J).</translation>
        </message>
        <message>
            <source>%1 of them are late.</source>
            <translation>%1 of them are late.</translation>
        </message>
        <message>
            <source>Matter %1 received: you answer for it now.</source>
            <translation>Matter %1 received: you answer for it now.</translation>
        </message>
    </context>
    <context>
        <name>HandoverDialog</name>
        <message>
            <source>Hand over matter %1</source>
            <translation>Hand over matter %1</translation>
        </message>
        <message>
            <source>Why it goes there, what is still to be done</source>
            <translation>Why it goes there, what is still to be done</translation>
        </message>
        <message>
            <source>Hand over &amp;to:</source>
            <translation>Hand over &amp;to:</translation>
        </message>
        <message>
            <source>&amp;Receiver:</source>
            <translation>&amp;Receiver:</translation>
        </message>
        <message>
            <source>R&amp;eason:</source>
            <translation>R&amp;eason:</translation>
        </message>
        <message>
            <source>Hand over (Ctrl+Enter)</source>
            <translation>Hand over (Ctrl+Enter)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Until the receiver receives it, you stay responsible for the matter.</source>
            <translation>Until the receiver receives it, you stay responsible for the matter.</translation>
        </message>
        <message>
            <source>Choose where the matter goes.</source>
            <translation>Choose where the matter goes.</translation>
        </message>
    </context>
    <context>
        <name>ImportWizard</name>
        <message>
            <source>Import work orders</source>
            <translation>Import work orders</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Stop; nothing is imported</source>
            <translation>Stop; nothing is imported</translation>
        </message>
        <message>
            <source>&lt; &amp;Back</source>
            <translation>&lt; &amp;Back</translation>
        </message>
        <message>
            <source>&amp;Next &gt;</source>
            <translation>&amp;Next &gt;</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>An .xlsx, .xls or .csv file exported from the platform</source>
            <translation>An .xlsx, .xls or .csv file exported from the platform</translation>
        </message>
        <message>
            <source>&amp;Choose…</source>
            <translation>&amp;Choose…</translation>
        </message>
        <message>
            <source>Choose the file</source>
            <translation>Choose the file</translation>
        </message>
        <message>
            <source>The first sheet with data</source>
            <translation>The first sheet with data</translation>
        </message>
        <message>
            <source>Find the header row by its names</source>
            <translation>Find the header row by its names</translation>
        </message>
        <message>
            <source>Row </source>
            <translation>Row </translation>
        </message>
        <message>
            <source> </source>
            <comment>after the number of the header row</comment>
            <translation> </translation>
        </message>
        <message>
            <source>Source:</source>
            <translation>Source:</translation>
        </message>
        <message>
            <source>File:</source>
            <translation>File:</translation>
        </message>
        <message>
            <source>Sheet:</source>
            <translation>Sheet:</translation>
        </message>
        <message>
            <source>Header:</source>
            <translation>Header:</translation>
        </message>
        <message>
            <source>Excel workbooks (.xlsx, .xls) and CSV files (UTF-8 or GBK) are read. Work orders imported before are recognised by their number and are not created twice.</source>
            <translation>Excel workbooks (.xlsx, .xls) and CSV files (UTF-8 or GBK) are read. Work orders imported before are recognised by their number and are not created twice.</translation>
        </message>
        <message>
            <source>Imported</source>
            <translation>Imported</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Source</translation>
        </message>
        <message>
            <source>File</source>
            <translation>File</translation>
        </message>
        <message>
            <source>Created</source>
            <translation>Created</translation>
        </message>
        <message>
            <source>Repeats</source>
            <translation>Repeats</translation>
        </message>
        <message>
            <source>Rejected</source>
            <translation>Rejected</translation>
        </message>
        <message>
            <source>State</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Recent imports</source>
            <translation>Recent imports</translation>
        </message>
        <message>
            <source>Our field</source>
            <translation>Our field</translation>
        </message>
        <message>
            <source>Column in the file</source>
            <translation>Column in the file</translation>
        </message>
        <message>
            <source>First values in that column</source>
            <translation>First values in that column</translation>
        </message>
        <message>
            <source>Remember this mapping for the source</source>
            <translation>Remember this mapping for the source</translation>
        </message>
        <message>
            <source>Category &amp;synonyms…</source>
            <translation>Category &amp;synonyms…</translation>
        </message>
        <message>
            <source>Which of our categories the platform's category names mean</source>
            <translation>Which of our categories the platform's category names mean</translation>
        </message>
        <message>
            <source>Fields marked * are required. A column left out is not imported.</source>
            <translation>Fields marked * are required. A column left out is not imported.</translation>
        </message>
        <message>
            <source>All rows</source>
            <translation>All rows</translation>
        </message>
        <message>
            <source>Rejected rows</source>
            <translation>Rejected rows</translation>
        </message>
        <message>
            <source>New cases</source>
            <translation>New cases</translation>
        </message>
        <message>
            <source>Changed since last import</source>
            <translation>Changed since last import</translation>
        </message>
        <message>
            <source>Unchanged</source>
            <translation>Unchanged</translation>
        </message>
        <message>
            <source>Category went to 其他</source>
            <translation>Category went to 其他</translation>
        </message>
        <message>
            <source>Which rows to show</source>
            <translation>Which rows to show</translation>
        </message>
        <message>
            <source>&amp;Strict: import nothing if any row is invalid</source>
            <translation>&amp;Strict: import nothing if any row is invalid</translation>
        </message>
        <message>
            <source>&amp;Register as new case</source>
            <translation>&amp;Register as new case</translation>
        </message>
        <message>
            <source>The selected repeat is a different matter: register it as a new case (again: undo)</source>
            <translation>The selected repeat is a different matter: register it as a new case (again: undo)</translation>
        </message>
        <message>
            <source>Save &amp;error report…</source>
            <translation>Save &amp;error report…</translation>
        </message>
        <message>
            <source>The rejected rows and their reasons, as Excel</source>
            <translation>The rejected rows and their reasons, as Excel</translation>
        </message>
        <message>
            <source>Show:</source>
            <translation>Show:</translation>
        </message>
        <message>
            <source>Import &amp;another file</source>
            <translation>Import &amp;another file</translation>
        </message>
        <message>
            <source>1 File</source>
            <translation>1 File</translation>
        </message>
        <message>
            <source>2 Columns</source>
            <translation>2 Columns</translation>
        </message>
        <message>
            <source>3 Preview</source>
            <translation>3 Preview</translation>
        </message>
        <message>
            <source>4 Import</source>
            <translation>4 Import</translation>
        </message>
        <message>
            <source>&amp;Import</source>
            <translation>&amp;Import</translation>
        </message>
        <message>
            <source>Import the rows</source>
            <translation>Import the rows</translation>
        </message>
        <message>
            <source>Reading the file…</source>
            <translation>Reading the file…</translation>
        </message>
        <message>
            <source>Checking the rows…</source>
            <translation>Checking the rows…</translation>
        </message>
        <message>
            <source>Importing…</source>
            <translation>Importing…</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Done</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>Cancelling…</translation>
        </message>
        <message>
            <source>Choose the work-order file</source>
            <translation>Choose the work-order file</translation>
        </message>
        <message>
            <source>Work orders (*.xlsx *.xls *.csv);;All files (*)</source>
            <translation>Work orders (*.xlsx *.xls *.csv);;All files (*)</translation>
        </message>
        <message>
            <source>Choose a file first.</source>
            <translation>Choose a file first.</translation>
        </message>
        <message>
            <source>the mapping remembered for this source</source>
            <translation>the mapping remembered for this source</translation>
        </message>
        <message>
            <source>the remembered mapping, completed by the header names</source>
            <translation>the remembered mapping, completed by the header names</translation>
        </message>
        <message>
            <source>the header names</source>
            <translation>the header names</translation>
        </message>
        <message>
            <source>sheet “%1”, </source>
            <translation>sheet “%1”, </translation>
        </message>
        <message>
            <source>&lt;b&gt;%1&lt;/b&gt;%2: %3header in row %4, %5 data rows, %6 empty rows skipped. Columns proposed from %7.</source>
            <translation>&lt;b&gt;%1&lt;/b&gt;%2: %3header in row %4, %5 data rows, %6 empty rows skipped. Columns proposed from %7.</translation>
        </message>
        <message>
            <source>(not in the file)</source>
            <translation>(not in the file)</translation>
        </message>
        <message>
            <source>Columns of the file not imported: %1</source>
            <translation>Columns of the file not imported: %1</translation>
        </message>
        <message>
            <source>Row</source>
            <translation>Row</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Work order</source>
            <translation>Work order</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Caller</source>
            <translation>Caller</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>The leading zero lost in Excel was restored</source>
            <translation>The leading zero lost in Excel was restored</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>Village</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>No category of ours has this name: the row goes to 其他</source>
            <translation>No category of ours has this name: the row goes to 其他</translation>
        </message>
        <message>
            <source>Content</source>
            <translation>Content</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>Notes</translation>
        </message>
        <message>
            <source>Same matter as row %1 (%2% alike): a repeat visit</source>
            <translation>Same matter as row %1 (%2% alike): a repeat visit</translation>
        </message>
        <message>
            <source>Same matter as %1 in progress (%2% alike): a repeat visit</source>
            <translation>Same matter as %1 in progress (%2% alike): a repeat visit</translation>
        </message>
        <message>
            <source>Settled by 复核 (%1): recorded as a repeat visit, not accepted again</source>
            <translation>Settled by 复核 (%1): recorded as a repeat visit, not accepted again</translation>
        </message>
        <message>
            <source>Changed: %1 — case %2 is closed, the change cannot be applied</source>
            <translation>Changed: %1 — case %2 is closed, the change cannot be applied</translation>
        </message>
        <message>
            <source>Changed since the last import: %1 (%2)</source>
            <translation>Changed since the last import: %1 (%2)</translation>
        </message>
        <message>
            <source>Imported before as %1</source>
            <translation>Imported before as %1</translation>
        </message>
        <message>
            <source>Registered as a new case by your choice</source>
            <translation>Registered as a new case by your choice</translation>
        </message>
        <message>
            <source>Caller has cases in progress: %1</source>
            <translation>Caller has cases in progress: %1</translation>
        </message>
        <message>
            <source>Leading zero of the phone restored</source>
            <translation>Leading zero of the phone restored</translation>
        </message>
        <message>
            <source>&lt;b&gt;%1&lt;/b&gt; rows: </source>
            <translation>&lt;b&gt;%1&lt;/b&gt; rows: </translation>
        </message>
        <message>
            <source>%1 new cases</source>
            <translation>%1 new cases</translation>
        </message>
        <message>
            <source>%1 repeats</source>
            <translation>%1 repeats</translation>
        </message>
        <message>
            <source>%1 changed</source>
            <translation>%1 changed</translation>
        </message>
        <message>
            <source>%1 unchanged</source>
            <translation>%1 unchanged</translation>
        </message>
        <message>
            <source>%1 rejected</source>
            <translation>%1 rejected</translation>
        </message>
        <message>
            <source>%1 new cases go to the category 其他 (names not recognised: %2)</source>
            <translation>%1 new cases go to the category 其他 (names not recognised: %2)</translation>
        </message>
        <message>
            <source>%1 empty rows skipped</source>
            <translation>%1 empty rows skipped</translation>
        </message>
        <message>
            <source>Apply the changes of %1 work orders imported before</source>
            <translation>Apply the changes of %1 work orders imported before</translation>
        </message>
        <message>
            <source>Row %1</source>
            <translation>Row %1</translation>
        </message>
        <message>
            <source>Save the error report</source>
            <translation>Save the error report</translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx)</source>
            <translation>Excel workbook (*.xlsx)</translation>
        </message>
        <message>
            <source>Error report saved: %1</source>
            <translation>Error report saved: %1</translation>
        </message>
        <message>
            <source>There is nothing to import: every row was imported before or is rejected.</source>
            <translation>There is nothing to import: every row was imported before or is rejected.</translation>
        </message>
        <message>
            <source>&lt;h3&gt;Imported&lt;/h3&gt;</source>
            <translation>&lt;h3&gt;Imported&lt;/h3&gt;</translation>
        </message>
        <message>
            <source>%1 new cases registered%2.</source>
            <translation>%1 new cases registered%2.</translation>
        </message>
        <message>
            <source>: %1 … %2</source>
            <translation>: %1 … %2</translation>
        </message>
        <message>
            <source>An unfinished import of this file was continued and completed.</source>
            <translation>An unfinished import of this file was continued and completed.</translation>
        </message>
        <message>
            <source>%1 repeat visits recorded on cases in progress.</source>
            <translation>%1 repeat visits recorded on cases in progress.</translation>
        </message>
        <message>
            <source>%1 of %2 changed work orders updated (written to the audit log).</source>
            <translation>%1 of %2 changed work orders updated (written to the audit log).</translation>
        </message>
        <message>
            <source>%1 work orders were imported before and unchanged.</source>
            <translation>%1 work orders were imported before and unchanged.</translation>
        </message>
        <message>
            <source>%1 rows rejected.</source>
            <translation>%1 rows rejected.</translation>
        </message>
        <message>
            <source>%1 cases went to the category 其他.</source>
            <translation>%1 cases went to the category 其他.</translation>
        </message>
    </context>
    <context>
        <name>IntakeActions</name>
        <message>
            <source>Import work orders…</source>
            <translation>Import work orders…</translation>
        </message>
        <message>
            <source>Import 12345 work orders or grid reports from Excel/CSV</source>
            <translation>Import 12345 work orders or grid reports from Excel/CSV</translation>
        </message>
        <message>
            <source>Export results…</source>
            <translation>Export results…</translation>
        </message>
        <message>
            <source>Export handling results for the 12345 platform</source>
            <translation>Export handling results for the 12345 platform</translation>
        </message>
        <message>
            <source>Category synonyms…</source>
            <translation>Category synonyms…</translation>
        </message>
        <message>
            <source>Which of our categories the platforms' names mean</source>
            <translation>Which of our categories the platforms' names mean</translation>
        </message>
    </context>
    <context>
        <name>IntakeTexts</name>
        <message>
            <source>Work-order number</source>
            <translation>Work-order number</translation>
        </message>
        <message>
            <source>Time received</source>
            <translation>Time received</translation>
        </message>
        <message>
            <source>Caller name</source>
            <translation>Caller name</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Village / community</source>
            <translation>Village / community</translation>
        </message>
        <message>
            <source>Grid code</source>
            <translation>Grid code</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>Content</source>
            <translation>Content</translation>
        </message>
        <message>
            <source>Requested deadline</source>
            <translation>Requested deadline</translation>
        </message>
        <message>
            <source>12345 hotline work orders</source>
            <translation>12345 hotline work orders</translation>
        </message>
        <message>
            <source>Grid reports</source>
            <translation>Grid reports</translation>
        </message>
        <message>
            <source>New</source>
            <translation>New</translation>
        </message>
        <message>
            <source>Repeat</source>
            <translation>Repeat</translation>
        </message>
        <message>
            <source>Changed</source>
            <translation>Changed</translation>
        </message>
        <message>
            <source>Unchanged</source>
            <translation>Unchanged</translation>
        </message>
        <message>
            <source>Rejected</source>
            <translation>Rejected</translation>
        </message>
        <message>
            <source>Complete</source>
            <translation>Complete</translation>
        </message>
        <message>
            <source>Unfinished: %1 of %2 rows written; import the file again to continue</source>
            <translation>Unfinished: %1 of %2 rows written; import the file again to continue</translation>
        </message>
        <message>
            <source>Stopped; nothing was kept</source>
            <translation>Stopped; nothing was kept</translation>
        </message>
        <message>
            <source>%1 is empty</source>
            <translation>%1 is empty</translation>
        </message>
        <message>
            <source>%1 is too long (at most %3 characters)</source>
            <translation>%1 is too long (at most %3 characters)</translation>
        </message>
        <message>
            <source>%1 “%2” is not a date</source>
            <translation>%1 “%2” is not a date</translation>
        </message>
        <message>
            <source>%1 “%2” is a day that does not exist</source>
            <translation>%1 “%2” is a day that does not exist</translation>
        </message>
        <message>
            <source>%1 “%2” is in the future</source>
            <translation>%1 “%2” is in the future</translation>
        </message>
        <message>
            <source>%1 “%2” is not a mobile or landline number</source>
            <translation>%1 “%2” is not a mobile or landline number</translation>
        </message>
        <message>
            <source>%1 “%2” is before the time received</source>
            <translation>%1 “%2” is before the time received</translation>
        </message>
        <message>
            <source>The work-order number occurs again with other content (row %2)</source>
            <translation>The work-order number occurs again with other content (row %2)</translation>
        </message>
        <message>
            <source>The same row as row %2</source>
            <translation>The same row as row %2</translation>
        </message>
        <message>
            <source>a PDF document</source>
            <translation>a PDF document</translation>
        </message>
        <message>
            <source>a picture</source>
            <translation>a picture</translation>
        </message>
        <message>
            <source>a web page</source>
            <translation>a web page</translation>
        </message>
        <message>
            <source>an XML file</source>
            <translation>an XML file</translation>
        </message>
        <message>
            <source>a zip archive</source>
            <translation>a zip archive</translation>
        </message>
        <message>
            <source>a binary file</source>
            <translation>a binary file</translation>
        </message>
        <message>
            <source>text in an unknown encoding</source>
            <translation>text in an unknown encoding</translation>
        </message>
        <message>
            <source>plain text, not a table</source>
            <translation>plain text, not a table</translation>
        </message>
        <message>
            <source>Case number</source>
            <translation>Case number</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>Result</translation>
        </message>
        <message>
            <source>Time concluded</source>
            <translation>Time concluded</translation>
        </message>
        <message>
            <source>Satisfaction</source>
            <translation>Satisfaction</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>Department</translation>
        </message>
        <message>
            <source>Concluded on time</source>
            <translation>Concluded on time</translation>
        </message>
        <message>
            <source>%1 is not valid</source>
            <translation>%1 is not valid</translation>
        </message>
        <message>
            <source>, </source>
            <translation>, </translation>
        </message>
        <message>
            <source>“%1” is not a spreadsheet (it looks like %2). Export the work orders from the platform as .xlsx, .xls or .csv.</source>
            <translation>“%1” is not a spreadsheet (it looks like %2). Export the work orders from the platform as .xlsx, .xls or .csv.</translation>
        </message>
        <message>
            <source>“%1” is protected by a password. Open it in Excel, remove the password (File › Info › Protect Workbook) and save it, then import it again.</source>
            <translation>“%1” is protected by a password. Open it in Excel, remove the password (File › Info › Protect Workbook) and save it, then import it again.</translation>
        </message>
        <message>
            <source>“%1” cannot be read; it may be damaged (%2).</source>
            <translation>“%1” cannot be read; it may be damaged (%2).</translation>
        </message>
        <message>
            <source>“%1” has no data rows.</source>
            <translation>“%1” has no data rows.</translation>
        </message>
        <message>
            <source>No header row was recognised in the first %1 rows of “%2”. Choose the header row by hand and map the columns yourself.</source>
            <translation>No header row was recognised in the first %1 rows of “%2”. Choose the header row by hand and map the columns yourself.</translation>
        </message>
        <message>
            <source>The file has no sheet “%1”.</source>
            <translation>The file has no sheet “%1”.</translation>
        </message>
        <message>
            <source>Row %1 is not among the first %2 rows of the sheet.</source>
            <translation>Row %1 is not among the first %2 rows of the sheet.</translation>
        </message>
        <message>
            <source>The file has more than %1 rows. Split it, or ask an administrator to raise the limit.</source>
            <translation>The file has more than %1 rows. Split it, or ask an administrator to raise the limit.</translation>
        </message>
        <message>
            <source>Cancelled. Nothing was imported.</source>
            <translation>Cancelled. Nothing was imported.</translation>
        </message>
        <message>
            <source>Choose the column of: %1.</source>
            <translation>Choose the column of: %1.</translation>
        </message>
        <message>
            <source>Some category names match none of ours, and there is no category “%1” to put them in. Ask an administrator to add it or to add synonyms.</source>
            <translation>Some category names match none of ours, and there is no category “%1” to put them in. Ask an administrator to add it or to add synonyms.</translation>
        </message>
        <message>
            <source>Strict mode: %1 of %2 rows are invalid, so nothing was imported. Save the error report, correct the file and import it again.</source>
            <translation>Strict mode: %1 of %2 rows are invalid, so nothing was imported. Save the error report, correct the file and import it again.</translation>
        </message>
        <message>
            <source>The column “%1” is chosen for two fields.</source>
            <translation>The column “%1” is chosen for two fields.</translation>
        </message>
        <message>
            <source>The file has no column “%1”.</source>
            <translation>The file has no column “%1”.</translation>
        </message>
        <message>
            <source>The export must contain the work-order number.</source>
            <translation>The export must contain the work-order number.</translation>
        </message>
        <message>
            <source>The column “%1” appears twice.</source>
            <translation>The column “%1” appears twice.</translation>
        </message>
        <message>
            <source>Every column needs a header.</source>
            <translation>Every column needs a header.</translation>
        </message>
        <message>
            <source>Choose at least one column.</source>
            <translation>Choose at least one column.</translation>
        </message>
        <message>
            <source>The file “%1” cannot be written: %2</source>
            <translation>The file “%1” cannot be written: %2</translation>
        </message>
        <message>
            <source>Save the export as .xlsx or .csv.</source>
            <translation>Save the export as .xlsx or .csv.</translation>
        </message>
        <message>
            <source>The time format is not valid (e.g. %Y-%m-%d %H:%M).</source>
            <translation>The time format is not valid (e.g. %Y-%m-%d %H:%M).</translation>
        </message>
        <message>
            <source>The end date is before the start date.</source>
            <translation>The end date is before the start date.</translation>
        </message>
        <message>
            <source>Choose a category, not a domain.</source>
            <translation>Choose a category, not a domain.</translation>
        </message>
    </context>
    <context>
        <name>JudicialDialog</name>
        <message>
            <source>Judicial confirmation</source>
            <translation>Judicial confirmation</translation>
        </message>
        <message>
            <source>e.g. 虎丘人民法庭</source>
            <translation>e.g. 虎丘人民法庭</translation>
        </message>
        <message>
            <source>What happened:</source>
            <translation>What happened:</translation>
        </message>
        <message>
            <source>On:</source>
            <translation>On:</translation>
        </message>
        <message>
            <source>Court:</source>
            <translation>Court:</translation>
        </message>
        <message>
            <source>Note:</source>
            <translation>Note:</translation>
        </message>
    </context>
    <context>
        <name>JudicialPanel</name>
        <message>
            <source>Case</source>
            <translation>Case</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>Subject</translation>
        </message>
        <message>
            <source>Parties</source>
            <translation>Parties</translation>
        </message>
        <message>
            <source>Signed</source>
            <translation>Signed</translation>
        </message>
        <message>
            <source>Last day</source>
            <translation>Last day</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Time left</source>
            <translation>Time left</translation>
        </message>
        <message>
            <source>Parties &amp;reminded today</source>
            <translation>Parties &amp;reminded today</translation>
        </message>
        <message>
            <source>Parties &amp;declined</source>
            <translation>Parties &amp;declined</translation>
        </message>
        <message>
            <source>&amp;Open case</source>
            <translation>&amp;Open case</translation>
        </message>
        <message>
            <source>The parties may jointly apply to the court within 30 days of the agreement taking effect. Tell them in time.</source>
            <translation>The parties may jointly apply to the court within 30 days of the agreement taking effect. Tell them in time.</translation>
        </message>
        <message>
            <source>not told yet</source>
            <translation>not told yet</translation>
        </message>
        <message>
            <source>%1: %2.</source>
            <translation>%1: %2.</translation>
        </message>
    </context>
    <context>
        <name>Keypad</name>
        <message>
            <source>Confirm</source>
            <translation>Confirm</translation>
        </message>
    </context>
    <context>
        <name>KioskWindow</name>
        <message>
            <source>OneStop ticket kiosk</source>
            <translation>OneStop ticket kiosk</translation>
        </message>
        <message>
            <source>The system is reconnecting. Tickets cannot be issued for a moment — please wait or ask at window 1.</source>
            <translation>The system is reconnecting. Tickets cannot be issued for a moment — please wait or ask at window 1.</translation>
        </message>
        <message>
            <source>Please choose what you have come for</source>
            <translation>Please choose what you have come for</translation>
        </message>
        <message>
            <source>Priority lane: elderly, disabled, military, pregnant</source>
            <translation>Priority lane: elderly, disabled, military, pregnant</translation>
        </message>
        <message>
            <source>I have an appointment</source>
            <translation>I have an appointment</translation>
        </message>
        <message>
            <source>Enter the 6-digit code of your appointment</source>
            <translation>Enter the 6-digit code of your appointment</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>Your number</source>
            <translation>Your number</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Done</translation>
        </message>
        <message>
            <source>Opening hours on working days: %1–%2</source>
            <translation>Opening hours on working days: %1–%2</translation>
        </message>
        <message>
            <source>about %1 min</source>
            <translation>about %1 min</translation>
        </message>
        <message>
            <source>%1 waiting</source>
            <translation>%1 waiting</translation>
        </message>
        <message>
            <source>No tickets: no window offers it</source>
            <translation>No tickets: no window offers it</translation>
        </message>
        <message>
            <source>No tickets now: nobody at its window</source>
            <translation>No tickets now: nobody at its window</translation>
        </message>
        <message>
            <source>its window is on a break</source>
            <translation>its window is on a break</translation>
        </message>
        <message>
            <source>no wait</source>
            <translation>no wait</translation>
        </message>
        <message>
            <source>Priority lane chosen: now choose the service</source>
            <translation>Priority lane chosen: now choose the service</translation>
        </message>
        <message>
            <source>The code has 6 digits.</source>
            <translation>The code has 6 digits.</translation>
        </message>
        <message>
            <source>Your ticket is being issued, one moment…</source>
            <translation>Your ticket is being issued, one moment…</translation>
        </message>
        <message>
            <source>Nobody is waiting before you</source>
            <translation>Nobody is waiting before you</translation>
        </message>
        <message>
            <source>%1 people are waiting before you</source>
            <translation>%1 people are waiting before you</translation>
        </message>
        <message>
            <source>No wait: you will be called in a moment</source>
            <translation>No wait: you will be called in a moment</translation>
        </message>
        <message>
            <source>Expected wait: %1</source>
            <translation>Expected wait: %1</translation>
        </message>
        <message>
            <source>Its window is on a break; calls go on in order when it is back</source>
            <translation>Its window is on a break; calls go on in order when it is back</translation>
        </message>
        <message>
            <source>Please take your ticket below and watch the hall display.</source>
            <translation>Please take your ticket below and watch the hall display.</translation>
        </message>
        <message>
            <source>The ticket printer is out of paper: please remember your number %1 and watch the hall display.</source>
            <translation>The ticket printer is out of paper: please remember your number %1 and watch the hall display.</translation>
        </message>
        <message>
            <source>The printer did not answer: please remember your number %1 and watch the hall display.</source>
            <translation>The printer did not answer: please remember your number %1 and watch the hall display.</translation>
        </message>
        <message>
            <source>No ticket printer here: please remember your number %1 and watch the hall display.</source>
            <translation>No ticket printer here: please remember your number %1 and watch the hall display.</translation>
        </message>
    </context>
    <context>
        <name>LiveQueuePage</name>
        <message>
            <source>Database unreachable — reconnecting…</source>
            <translation>Database unreachable — reconnecting…</translation>
        </message>
        <message>
            <source>Service</source>
            <translation>Service</translation>
        </message>
        <message>
            <source>Waiting</source>
            <translation>Waiting</translation>
        </message>
        <message>
            <source>Longest wait</source>
            <translation>Longest wait</translation>
        </message>
        <message>
            <source>Windows open</source>
            <translation>Windows open</translation>
        </message>
        <message>
            <source>Served today</source>
            <translation>Served today</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>Window</translation>
        </message>
        <message>
            <source>State</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Staff</source>
            <translation>Staff</translation>
        </message>
        <message>
            <source>Current ticket</source>
            <translation>Current ticket</translation>
        </message>
        <message>
            <source>Since</source>
            <translation>Since</translation>
        </message>
        <message>
            <source>Waiting per service</source>
            <translation>Waiting per service</translation>
        </message>
        <message>
            <source>Windows</source>
            <translation>Windows</translation>
        </message>
        <message>
            <source>Waiting: %1 · longest wait: %2 · serving %3, idle %4, paused %5, nobody at %6</source>
            <translation>Waiting: %1 · longest wait: %2 · serving %3, idle %4, paused %5, nobody at %6</translation>
        </message>
        <message>
            <source>over %1 min: %2</source>
            <translation>over %1 min: %2</translation>
        </message>
    </context>
    <context>
        <name>LiveQueueView</name>
        <message>
            <source>Live queue</source>
            <translation>Live queue</translation>
        </message>
        <message>
            <source>Bad-rating follow-ups</source>
            <translation>Bad-rating follow-ups</translation>
        </message>
    </context>
    <context>
        <name>LockScreen</name>
        <message>
            <source>OneStop — Locked</source>
            <translation>OneStop — Locked</translation>
        </message>
        <message>
            <source>The screen is locked</source>
            <translation>The screen is locked</translation>
        </message>
        <message>
            <source>Signed in: %1 (%2)</source>
            <translation>Signed in: %1 (%2)</translation>
        </message>
        <message>
            <source>Window %1</source>
            <translation>Window %1</translation>
        </message>
        <message>
            <source>Enter the password of %1 to go on. Open forms keep what was typed.</source>
            <translation>Enter the password of %1 to go on. Open forms keep what was typed.</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>&amp;Unlock</source>
            <translation>&amp;Unlock</translation>
        </message>
        <message>
            <source>Check the password and return to work (Enter)</source>
            <translation>Check the password and return to work (Enter)</translation>
        </message>
        <message>
            <source>Sign &amp;out…</source>
            <translation>Sign &amp;out…</translation>
        </message>
        <message>
            <source>Sign out instead; forms still open are closed without saving</source>
            <translation>Sign out instead; forms still open are closed without saving</translation>
        </message>
        <message>
            <source>Locked at %1 after a time without input.</source>
            <translation>Locked at %1 after a time without input.</translation>
        </message>
        <message>
            <source>Locked at %1.</source>
            <translation>Locked at %1.</translation>
        </message>
        <message>
            <source>Checking the password…</source>
            <translation>Checking the password…</translation>
        </message>
        <message>
            <source>The password could not be checked: %1</source>
            <translation>The password could not be checked: %1</translation>
        </message>
        <message>
            <source>Sign &amp;out now</source>
            <translation>Sign &amp;out now</translation>
        </message>
        <message>
            <source>Forms still open will be closed without saving. Click “Sign out now” to confirm.</source>
            <translation>Forms still open will be closed without saving. Click “Sign out now” to confirm.</translation>
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <source>OneStop — Sign in</source>
            <translation>OneStop — Sign in</translation>
        </message>
        <message>
            <source>One-stop comprehensive service center workbench</source>
            <translation>One-stop comprehensive service center workbench</translation>
        </message>
        <message>
            <source>&amp;User name:</source>
            <translation>&amp;User name:</translation>
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation>&amp;Password:</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>Sign in</translation>
        </message>
        <message>
            <source>Checking the password…</source>
            <translation>Checking the password…</translation>
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
            <translation>No area of OneStop is available to your role (%1) yet. Ask an administrator if you need access.</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;File</translation>
        </message>
        <message>
            <source>Change &amp;password…</source>
            <translation>Change &amp;password…</translation>
        </message>
        <message>
            <source>&amp;Lock the screen</source>
            <translation>&amp;Lock the screen</translation>
        </message>
        <message>
            <source>Lock the screen now (Ctrl+L)</source>
            <translation>Lock the screen now (Ctrl+L)</translation>
        </message>
        <message>
            <source>Sign &amp;out</source>
            <translation>Sign &amp;out</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Quit</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>&amp;Language</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>&amp;Help</translation>
        </message>
        <message>
            <source>&amp;About OneStop</source>
            <translation>&amp;About OneStop</translation>
        </message>
        <message>
            <source>User: %1 (%2)</source>
            <translation>User: %1 (%2)</translation>
        </message>
        <message>
            <source>Window %1</source>
            <translation>Window %1</translation>
        </message>
        <message>
            <source>Local database (SQLite)</source>
            <translation>Local database (SQLite)</translation>
        </message>
        <message>
            <source>Server database (PostgreSQL)</source>
            <translation>Server database (PostgreSQL)</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Language</translation>
        </message>
        <message>
            <source>The new language is used from the next start of OneStop.</source>
            <translation>The new language is used from the next start of OneStop.</translation>
        </message>
        <message>
            <source>About OneStop</source>
            <translation>About OneStop</translation>
        </message>
        <message>
            <source>OneStop %1
Workbench of the one-stop comprehensive service center.

Data: %2
Logs: %3</source>
            <translation>OneStop %1
Workbench of the one-stop comprehensive service center.

Data: %2
Logs: %3</translation>
        </message>
    </context>
    <context>
        <name>MatterDialog</name>
        <message>
            <source>Register a matter</source>
            <translation>Register a matter</translation>
        </message>
        <message>
            <source>Choose the service</source>
            <translation>Choose the service</translation>
        </message>
        <message>
            <source>What the visitor asked for, in a few sentences</source>
            <translation>What the visitor asked for, in a few sentences</translation>
        </message>
        <message>
            <source>What was done or answered (optional)</source>
            <translation>What was done or answered (optional)</translation>
        </message>
        <message>
            <source>Visitor (optional)</source>
            <translation>Visitor (optional)</translation>
        </message>
        <message>
            <source>&amp;Service:</source>
            <translation>&amp;Service:</translation>
        </message>
        <message>
            <source>Su&amp;mmary:</source>
            <translation>Su&amp;mmary:</translation>
        </message>
        <message>
            <source>&amp;Outcome:</source>
            <translation>&amp;Outcome:</translation>
        </message>
        <message>
            <source>All matters of this &amp;person</source>
            <translation>All matters of this &amp;person</translation>
        </message>
        <message>
            <source>Every matter of the person: window matters, petitions, disputes</source>
            <translation>Every matter of the person: window matters, petitions, disputes</translation>
        </message>
        <message>
            <source>Conclude</source>
            <translation>Conclude</translation>
        </message>
        <message>
            <source>Register and conclude at once: answered at the window</source>
            <translation>Register and conclude at once: answered at the window</translation>
        </message>
        <message>
            <source>Register and hand over…</source>
            <translation>Register and hand over…</translation>
        </message>
        <message>
            <source>Register, then hand over to a window, department or mediator</source>
            <translation>Register, then hand over to a window, department or mediator</translation>
        </message>
        <message>
            <source>Register</source>
            <translation>Register</translation>
        </message>
        <message>
            <source>Register: the matter stays with this window</source>
            <translation>Register: the matter stays with this window</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Register a matter — ticket %1</source>
            <translation>Register a matter — ticket %1</translation>
        </message>
        <message>
            <source>The matter is linked to ticket %1 (%2).</source>
            <translation>The matter is linked to ticket %1 (%2).</translation>
        </message>
        <message>
            <source>Choose the service of the matter.</source>
            <translation>Choose the service of the matter.</translation>
        </message>
        <message>
            <source>The same person has a similar matter in progress (see above). Check it; to register a new matter anyway, press the button again.</source>
            <translation>The same person has a similar matter in progress (see above). Check it; to register a new matter anyway, press the button again.</translation>
        </message>
    </context>
    <context>
        <name>MatterLabels</name>
        <message>
            <source>Window matter</source>
            <translation>Window matter</translation>
        </message>
        <message>
            <source>Petition</source>
            <translation>Petition</translation>
        </message>
        <message>
            <source>Dispute</source>
            <translation>Dispute</translation>
        </message>
        <message>
            <source>Work order</source>
            <translation>Work order</translation>
        </message>
        <message>
            <source>In progress</source>
            <translation>In progress</translation>
        </message>
        <message>
            <source>Concluded</source>
            <translation>Concluded</translation>
        </message>
        <message>
            <source>A window</source>
            <translation>A window</translation>
        </message>
        <message>
            <source>A department</source>
            <translation>A department</translation>
        </message>
        <message>
            <source>A mediator</source>
            <translation>A mediator</translation>
        </message>
    </context>
    <context>
        <name>MatterMessages</name>
        <message>
            <source>Matter %1 is already concluded.</source>
            <translation>Matter %1 is already concluded.</translation>
        </message>
        <message>
            <source>Matter %1 is already handed over and waits to be received.</source>
            <translation>Matter %1 is already handed over and waits to be received.</translation>
        </message>
        <message>
            <source>This handover has already been received.</source>
            <translation>This handover has already been received.</translation>
        </message>
        <message>
            <source>Only %1 can receive this matter.</source>
            <translation>Only %1 can receive this matter.</translation>
        </message>
        <message>
            <source>Choose the service of the matter.</source>
            <translation>Choose the service of the matter.</translation>
        </message>
    </context>
    <context>
        <name>MediationArea</name>
        <message>
            <source>Today</source>
            <translation>Today</translation>
        </message>
        <message>
            <source>Disputes</source>
            <translation>Disputes</translation>
        </message>
        <message>
            <source>Judicial confirmation</source>
            <translation>Judicial confirmation</translation>
        </message>
        <message>
            <source>Mediators</source>
            <translation>Mediators</translation>
        </message>
        <message>
            <source>Registered as %1.</source>
            <translation>Registered as %1.</translation>
        </message>
    </context>
    <context>
        <name>MediationLabels</name>
        <message>
            <source>Registered</source>
            <translation>Registered</translation>
        </message>
        <message>
            <source>Scheduled</source>
            <translation>Scheduled</translation>
        </message>
        <message>
            <source>In mediation</source>
            <translation>In mediation</translation>
        </message>
        <message>
            <source>Agreement reached</source>
            <translation>Agreement reached</translation>
        </message>
        <message>
            <source>Mediation failed</source>
            <translation>Mediation failed</translation>
        </message>
        <message>
            <source>Terminated</source>
            <translation>Terminated</translation>
        </message>
        <message>
            <source>Referred</source>
            <translation>Referred</translation>
        </message>
        <message>
            <source>Application by a party</source>
            <translation>Application by a party</translation>
        </message>
        <message>
            <source>Proactive mediation</source>
            <translation>Proactive mediation</translation>
        </message>
        <message>
            <source>Referred or entrusted</source>
            <translation>Referred or entrusted</translation>
        </message>
        <message>
            <source>Applicant</source>
            <translation>Applicant</translation>
        </message>
        <message>
            <source>Respondent</source>
            <translation>Respondent</translation>
        </message>
        <message>
            <source>Person</source>
            <translation>Person</translation>
        </message>
        <message>
            <source>Organisation</source>
            <translation>Organisation</translation>
        </message>
        <message>
            <source>None</source>
            <translation>None</translation>
        </message>
        <message>
            <source>Legal representative</source>
            <translation>Legal representative</translation>
        </message>
        <message>
            <source>Authorised agent</source>
            <translation>Authorised agent</translation>
        </message>
        <message>
            <source>Tentative</source>
            <translation>Tentative</translation>
        </message>
        <message>
            <source>Confirmed</source>
            <translation>Confirmed</translation>
        </message>
        <message>
            <source>Held</source>
            <translation>Held</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Cancelled</translation>
        </message>
        <message>
            <source>No-show</source>
            <translation>No-show</translation>
        </message>
        <message>
            <source>Court</source>
            <translation>Court</translation>
        </message>
        <message>
            <source>Petition office</source>
            <translation>Petition office</translation>
        </message>
        <message>
            <source>Another body</source>
            <translation>Another body</translation>
        </message>
        <message>
            <source>Written agreement</source>
            <translation>Written agreement</translation>
        </message>
        <message>
            <source>Oral agreement</source>
            <translation>Oral agreement</translation>
        </message>
        <message>
            <source>Draft</source>
            <translation>Draft</translation>
        </message>
        <message>
            <source>Final</source>
            <translation>Final</translation>
        </message>
        <message>
            <source>Superseded</source>
            <translation>Superseded</translation>
        </message>
        <message>
            <source>Performed</source>
            <translation>Performed</translation>
        </message>
        <message>
            <source>Partly performed</source>
            <translation>Partly performed</translation>
        </message>
        <message>
            <source>Not performed</source>
            <translation>Not performed</translation>
        </message>
        <message>
            <source>Parties reminded</source>
            <translation>Parties reminded</translation>
        </message>
        <message>
            <source>Applied to the court</source>
            <translation>Applied to the court</translation>
        </message>
        <message>
            <source>Confirmed by the court</source>
            <translation>Confirmed by the court</translation>
        </message>
        <message>
            <source>Rejected by the court</source>
            <translation>Rejected by the court</translation>
        </message>
        <message>
            <source>Parties declined</source>
            <translation>Parties declined</translation>
        </message>
        <message>
            <source>Home visit</source>
            <translation>Home visit</translation>
        </message>
        <message>
            <source>Phone call</source>
            <translation>Phone call</translation>
        </message>
        <message>
            <source>Very satisfied</source>
            <translation>Very satisfied</translation>
        </message>
        <message>
            <source>Satisfied</source>
            <translation>Satisfied</translation>
        </message>
        <message>
            <source>Basically satisfied</source>
            <translation>Basically satisfied</translation>
        </message>
        <message>
            <source>Dissatisfied</source>
            <translation>Dissatisfied</translation>
        </message>
        <message>
            <source>Very dissatisfied</source>
            <translation>Very dissatisfied</translation>
        </message>
        <message>
            <source>On time</source>
            <translation>On time</translation>
        </message>
        <message>
            <source>Due soon</source>
            <translation>Due soon</translation>
        </message>
        <message>
            <source>Due today</source>
            <translation>Due today</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>Closed</translation>
        </message>
        <message>
            <source>Mediation deadline</source>
            <translation>Mediation deadline</translation>
        </message>
        <message>
            <source>Agreement term due</source>
            <translation>Agreement term due</translation>
        </message>
        <message>
            <source>Judicial confirmation window closing</source>
            <translation>Judicial confirmation window closing</translation>
        </message>
        <message>
            <source>Follow-up visit due</source>
            <translation>Follow-up visit due</translation>
        </message>
        <message>
            <source>the parties on both sides</source>
            <translation>the parties on both sides</translation>
        </message>
        <message>
            <source>the main facts</source>
            <translation>the main facts</translation>
        </message>
        <message>
            <source>the disputed matters</source>
            <translation>the disputed matters</translation>
        </message>
        <message>
            <source>each party's responsibility</source>
            <translation>each party's responsibility</translation>
        </message>
        <message>
            <source>at least one agreed term</source>
            <translation>at least one agreed term</translation>
        </message>
        <message>
            <source>the content of the oral agreement</source>
            <translation>the content of the oral agreement</translation>
        </message>
        <message>
            <source>what term %1 agrees</source>
            <translation>what term %1 agrees</translation>
        </message>
        <message>
            <source>how term %1 is performed</source>
            <translation>how term %1 is performed</translation>
        </message>
        <message>
            <source>by when term %1 is performed</source>
            <translation>by when term %1 is performed</translation>
        </message>
        <message>
            <source>the ID number of party %1</source>
            <translation>the ID number of party %1</translation>
        </message>
        <message>
            <source>the address of party %1</source>
            <translation>the address of party %1</translation>
        </message>
        <message>
            <source>the legal representative of party %1</source>
            <translation>the legal representative of party %1</translation>
        </message>
        <message>
            <source>Mon</source>
            <translation>Mon</translation>
        </message>
        <message>
            <source>Tue</source>
            <translation>Tue</translation>
        </message>
        <message>
            <source>Wed</source>
            <translation>Wed</translation>
        </message>
        <message>
            <source>Thu</source>
            <translation>Thu</translation>
        </message>
        <message>
            <source>Fri</source>
            <translation>Fri</translation>
        </message>
        <message>
            <source>Sat</source>
            <translation>Sat</translation>
        </message>
        <message>
            <source>Sun</source>
            <translation>Sun</translation>
        </message>
    </context>
    <context>
        <name>MediationMessages</name>
        <message>
            <source>book a session for</source>
            <translation>book a session for</translation>
        </message>
        <message>
            <source>change</source>
            <translation>change</translation>
        </message>
        <message>
            <source>close</source>
            <translation>close</translation>
        </message>
        <message>
            <source>confirm</source>
            <translation>confirm</translation>
        </message>
        <message>
            <source>move</source>
            <translation>move</translation>
        </message>
        <message>
            <source>cancel</source>
            <translation>cancel</translation>
        </message>
        <message>
            <source>mark as no-show</source>
            <translation>mark as no-show</translation>
        </message>
        <message>
            <source>record a session for</source>
            <translation>record a session for</translation>
        </message>
        <message>
            <source>write an agreement for</source>
            <translation>write an agreement for</translation>
        </message>
        <message>
            <source>finalise</source>
            <translation>finalise</translation>
        </message>
        <message>
            <source>discard</source>
            <translation>discard</translation>
        </message>
        <message>
            <source>record the signing of</source>
            <translation>record the signing of</translation>
        </message>
        <message>
            <source>print</source>
            <translation>print</translation>
        </message>
        <message>
            <source>check the performance of</source>
            <translation>check the performance of</translation>
        </message>
        <message>
            <source>record judicial confirmation for</source>
            <translation>record judicial confirmation for</translation>
        </message>
        <message>
            <source>record a follow-up visit for</source>
            <translation>record a follow-up visit for</translation>
        </message>
        <message>
            <source>the room</source>
            <translation>the room</translation>
        </message>
        <message>
            <source>mediator %1</source>
            <translation>mediator %1</translation>
        </message>
        <message>
            <source>party %1</source>
            <translation>party %1</translation>
        </message>
        <message>
            <source>%1 is taken by case %2 in %3: %4.</source>
            <translation>%1 is taken by case %2 in %3: %4.</translation>
        </message>
        <message>
            <source>Room %1</source>
            <translation>Room %1</translation>
        </message>
        <message>
            <source>Mediator %1</source>
            <translation>Mediator %1</translation>
        </message>
        <message>
            <source>Party %1</source>
            <translation>Party %1</translation>
        </message>
        <message>
            <source>%1 busy %2–%3 (%4, %5)</source>
            <translation>%1 busy %2–%3 (%4, %5)</translation>
        </message>
        <message>
            <source>This time overlaps confirmed sessions:</source>
            <translation>This time overlaps confirmed sessions:</translation>
        </message>
        <message>
            <source>The center is open from %1 to %2; a session must lie inside these hours on one day. An administrator may book outside them.</source>
            <translation>The center is open from %1 to %2; a session must lie inside these hours on one day. An administrator may book outside them.</translation>
        </message>
        <message>
            <source>The center is closed on %1 (%2).</source>
            <translation>The center is closed on %1 (%2).</translation>
        </message>
        <message>
            <source>An administrator may book on a day off.</source>
            <translation>An administrator may book on a day off.</translation>
        </message>
        <message>
            <source>Case %1 still has %2 upcoming sessions booked. Cancel them first.</source>
            <translation>Case %1 still has %2 upcoming sessions booked. Cancel them first.</translation>
        </message>
        <message>
            <source>The session has not begun yet.</source>
            <translation>The session has not begun yet.</translation>
        </message>
        <message>
            <source>The session has already begun and cannot be moved.</source>
            <translation>The session has already begun and cannot be moved.</translation>
        </message>
        <message>
            <source>This session already has its record.</source>
            <translation>This session already has its record.</translation>
        </message>
        <message>
            <source>Only a signed written agreement can be confirmed by a court.</source>
            <translation>Only a signed written agreement can be confirmed by a court.</translation>
        </message>
        <message>
            <source>An oral agreement has no agreement document to print.</source>
            <translation>An oral agreement has no agreement document to print.</translation>
        </message>
        <message>
            <source>You cannot %1 it: it is “%2”.</source>
            <translation>You cannot %1 it: it is “%2”.</translation>
        </message>
        <message>
            <source>The agreement cannot be finalised. Article 29 of the People's Mediation Law requires:</source>
            <translation>The agreement cannot be finalised. Article 29 of the People's Mediation Law requires:</translation>
        </message>
        <message>
            <source>party %1 (%2)</source>
            <translation>party %1 (%2)</translation>
        </message>
        <message>
            <source>the mediator</source>
            <translation>the mediator</translation>
        </message>
        <message>
            <source>the committee's seal</source>
            <translation>the committee's seal</translation>
        </message>
        <message>
            <source>The agreement is not signed yet, so it cannot be finalised and the case stays open. A written agreement takes effect only when every party, the mediator and the committee's seal are on it: print it for signing, then record the signing.</source>
            <translation>The agreement is not signed yet, so it cannot be finalised and the case stays open. A written agreement takes effect only when every party, the mediator and the committee's seal are on it: print it for signing, then record the signing.</translation>
        </message>
        <message>
            <source>The agreement is not fully signed. Still missing: %1.</source>
            <translation>The agreement is not fully signed. Still missing: %1.</translation>
        </message>
        <message>
            <source>, </source>
            <translation>, </translation>
        </message>
        <message>
            <source>%1 is a party and cannot also be a mediator of this case.</source>
            <translation>%1 is a party and cannot also be a mediator of this case.</translation>
        </message>
        <message>
            <source>A dispute needs at least %2 parties.</source>
            <translation>A dispute needs at least %2 parties.</translation>
        </message>
        <message>
            <source>A dispute needs an applicant and a respondent.</source>
            <translation>A dispute needs an applicant and a respondent.</translation>
        </message>
        <message>
            <source>%3 is entered twice among the parties.</source>
            <translation>%3 is entered twice among the parties.</translation>
        </message>
        <message>
            <source>%3 attends a booked session and cannot be removed.</source>
            <translation>%3 attends a booked session and cannot be removed.</translation>
        </message>
        <message>
            <source>A registered party cannot become somebody else; remove it and add the other party.</source>
            <translation>A registered party cannot become somebody else; remove it and add the other party.</translation>
        </message>
        <message>
            <source>%3 is no longer active.</source>
            <translation>%3 is no longer active.</translation>
        </message>
        <message>
            <source>The end must come after the start.</source>
            <translation>The end must come after the start.</translation>
        </message>
        <message>
            <source>A session lasts at least %2 minutes.</source>
            <translation>A session lasts at least %2 minutes.</translation>
        </message>
        <message>
            <source>A session lasts at most %4 hours.</source>
            <translation>A session lasts at most %4 hours.</translation>
        </message>
        <message>
            <source>A session must end on the day it starts.</source>
            <translation>A session must end on the day it starts.</translation>
        </message>
        <message>
            <source>This time has already passed.</source>
            <translation>This time has already passed.</translation>
        </message>
        <message>
            <source>%1 cannot lie in the future.</source>
            <translation>%1 cannot lie in the future.</translation>
        </message>
        <message>
            <source>%1 cannot be earlier than the agreement.</source>
            <translation>%1 cannot be earlier than the agreement.</translation>
        </message>
        <message>
            <source>The 30-day window for judicial confirmation closed on %5.</source>
            <translation>The 30-day window for judicial confirmation closed on %5.</translation>
        </message>
        <message>
            <source>This staff member is already on the roster.</source>
            <translation>This staff member is already on the roster.</translation>
        </message>
    </context>
    <context>
        <name>MediatorDialog</name>
        <message>
            <source>Mediator</source>
            <translation>Mediator</translation>
        </message>
        <message>
            <source>e.g. 兼职调解员</source>
            <translation>e.g. 兼职调解员</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>&amp;Name:</translation>
        </message>
        <message>
            <source>&amp;Organisation:</source>
            <translation>&amp;Organisation:</translation>
        </message>
        <message>
            <source>&amp;Title:</source>
            <translation>&amp;Title:</translation>
        </message>
        <message>
            <source>&amp;Phone:</source>
            <translation>&amp;Phone:</translation>
        </message>
        <message>
            <source>The name of a staff mediator comes from the user account.</source>
            <translation>The name of a staff mediator comes from the user account.</translation>
        </message>
    </context>
    <context>
        <name>MediatorsPanel</name>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Organisation</source>
            <translation>Organisation</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>Title</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>Staff mediators are the users with the mediator role; volunteer mediators come from the village committees, the justice office or law firms.</source>
            <translation>Staff mediators are the users with the mediator role; volunteer mediators come from the village committees, the justice office or law firms.</translation>
        </message>
        <message>
            <source>&amp;New volunteer…</source>
            <translation>&amp;New volunteer…</translation>
        </message>
        <message>
            <source>&amp;Edit…</source>
            <translation>&amp;Edit…</translation>
        </message>
        <message>
            <source>Staff</source>
            <translation>Staff</translation>
        </message>
        <message>
            <source>Volunteer</source>
            <translation>Volunteer</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>yes</translation>
        </message>
        <message>
            <source>no</source>
            <translation>no</translation>
        </message>
        <message>
            <source>Saved: %1.</source>
            <translation>Saved: %1.</translation>
        </message>
    </context>
    <context>
        <name>Messages</name>
        <message>
            <source>Unexpected error: %1</source>
            <translation>Unexpected error: %1</translation>
        </message>
        <message>
            <source>%1 must not be empty.</source>
            <translation>%1 must not be empty.</translation>
        </message>
        <message>
            <source>%1 must be between %2 and %3.</source>
            <translation>%1 must be between %2 and %3.</translation>
        </message>
        <message>
            <source>The password must have at least %1 characters.</source>
            <translation>The password must have at least %1 characters.</translation>
        </message>
        <message>
            <source>The password must contain both letters and digits.</source>
            <translation>The password must contain both letters and digits.</translation>
        </message>
        <message>
            <source>The password must have at most %1 characters.</source>
            <translation>The password must have at most %1 characters.</translation>
        </message>
        <message>
            <source>The password must not contain the user name.</source>
            <translation>The password must not contain the user name.</translation>
        </message>
        <message>
            <source>The new password must differ from the current one.</source>
            <translation>The new password must differ from the current one.</translation>
        </message>
        <message>
            <source>%1 has an invalid format.</source>
            <translation>%1 has an invalid format.</translation>
        </message>
        <message>
            <source>You cannot disable your own account or change your own role.</source>
            <translation>You cannot disable your own account or change your own role.</translation>
        </message>
        <message>
            <source>Categories have two levels only.</source>
            <translation>Categories have two levels only.</translation>
        </message>
        <message>
            <source>The two passwords differ.</source>
            <translation>The two passwords differ.</translation>
        </message>
        <message>
            <source>The closing time must be after the opening time.</source>
            <translation>The closing time must be after the opening time.</translation>
        </message>
        <message>
            <source>%1 is too long (at most %2 characters).</source>
            <translation>%1 is too long (at most %2 characters).</translation>
        </message>
        <message>
            <source>%1 is not valid.</source>
            <translation>%1 is not valid.</translation>
        </message>
        <message>
            <source>Wrong user name or password.</source>
            <translation>Wrong user name or password.</translation>
        </message>
        <message>
            <source>Wrong user name or password. %1 attempts left before the account is locked.</source>
            <translation>Wrong user name or password. %1 attempts left before the account is locked.</translation>
        </message>
        <message>
            <source>This account is locked after too many wrong passwords. Try again after %1.</source>
            <translation>This account is locked after too many wrong passwords. Try again after %1.</translation>
        </message>
        <message>
            <source>This account is disabled. Ask an administrator.</source>
            <translation>This account is disabled. Ask an administrator.</translation>
        </message>
        <message>
            <source>The audit log can only be added to; its entries cannot be changed or deleted.</source>
            <translation>The audit log can only be added to; its entries cannot be changed or deleted.</translation>
        </message>
        <message>
            <source>Your role may not do this.</source>
            <translation>Your role may not do this.</translation>
        </message>
        <message>
            <source>%1 “%2” already exists.</source>
            <translation>%1 “%2” already exists.</translation>
        </message>
        <message>
            <source>The record was not found (%1 %2). It may have been removed.</source>
            <translation>The record was not found (%1 %2). It may have been removed.</translation>
        </message>
        <message>
            <source>This record is still in use and cannot be removed.</source>
            <translation>This record is still in use and cannot be removed.</translation>
        </message>
        <message>
            <source>Someone else changed this record since you opened it. Your input is kept; reload to see their change.</source>
            <translation>Someone else changed this record since you opened it. Your input is kept; reload to see their change.</translation>
        </message>
        <message>
            <source>The connection to the database broke while this was being saved, so it is not certain whether it was saved. Your input is kept: check the record once the connection is back before saving it again.</source>
            <translation>The connection to the database broke while this was being saved, so it is not certain whether it was saved. Your input is kept: check the record once the connection is back before saving it again.</translation>
        </message>
        <message>
            <source>The database cannot be reached: %1</source>
            <translation>The database cannot be reached: %1</translation>
        </message>
        <message>
            <source>The disk of the database is full, so nothing was saved. Your input is kept: free some disk space (or ask the administrator), then save again.</source>
            <translation>The disk of the database is full, so nothing was saved. Your input is kept: free some disk space (or ask the administrator), then save again.</translation>
        </message>
        <message>
            <source>The database can only be read at the moment, so nothing was saved. Your input is kept: save again once the administrator has made it writable.</source>
            <translation>The database can only be read at the moment, so nothing was saved. Your input is kept: save again once the administrator has made it writable.</translation>
        </message>
        <message>
            <source>This database was written by a newer version of OneStop (schema %1). Install the newer version to open it.</source>
            <translation>This database was written by a newer version of OneStop (schema %1). Install the newer version to open it.</translation>
        </message>
        <message>
            <source>The document cannot be printed yet; it lacks: %1</source>
            <translation>The document cannot be printed yet; it lacks: %1</translation>
        </message>
        <message>
            <source>The document cannot be printed: %1 is not valid.</source>
            <translation>The document cannot be printed: %1 is not valid.</translation>
        </message>
        <message>
            <source>The document could not be produced: %1</source>
            <translation>The document could not be produced: %1</translation>
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
            <translation>Import the State Council's holiday notice</translation>
        </message>
        <message>
            <source>Paste the text of 《国务院办公厅关于YYYY年部分节假日安排的通知》 from the government website, or open a saved copy (.txt, .html or .pdf). OneStop reads every holiday's days off and make-up working days and shows them before anything is saved.</source>
            <translation>Paste the text of 《国务院办公厅关于YYYY年部分节假日安排的通知》 from the government website, or open a saved copy (.txt, .html or .pdf). OneStop reads every holiday's days off and make-up working days and shows them before anything is saved.</translation>
        </message>
        <message>
            <source>&amp;Open file…</source>
            <translation>&amp;Open file…</translation>
        </message>
        <message>
            <source>Open a saved notice (.txt, .html, .pdf)</source>
            <translation>Open a saved notice (.txt, .html, .pdf)</translation>
        </message>
        <message>
            <source>&amp;Read the notice</source>
            <translation>&amp;Read the notice</translation>
        </message>
        <message>
            <source>Read the text and show the year</source>
            <translation>Read the text and show the year</translation>
        </message>
        <message>
            <source>Holiday</source>
            <translation>Holiday</translation>
        </message>
        <message>
            <source>Days off</source>
            <translation>Days off</translation>
        </message>
        <message>
            <source>Make-up working days</source>
            <translation>Make-up working days</translation>
        </message>
        <message>
            <source>day off</source>
            <translation>day off</translation>
        </message>
        <message>
            <source>make-up working day</source>
            <translation>make-up working day</translation>
        </message>
        <message>
            <source>differs from the stored calendar</source>
            <translation>differs from the stored calendar</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Save</translation>
        </message>
        <message>
            <source>Save the days and make the year official</source>
            <translation>Save the days and make the year official</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Open a saved notice</source>
            <translation>Open a saved notice</translation>
        </message>
        <message>
            <source>Notices (*.txt *.html *.htm *.pdf)</source>
            <translation>Notices (*.txt *.html *.htm *.pdf)</translation>
        </message>
        <message>
            <source>Read the notice to see its year here.</source>
            <translation>Read the notice to see its year here.</translation>
        </message>
        <message>
            <source>%1: %2 → official (State Council notice)</source>
            <translation>%1: %2 → official (State Council notice)</translation>
        </message>
        <message>
            <source>%1: now %2; saving replaces it with this notice</source>
            <translation>%1: now %2; saving replaces it with this notice</translation>
        </message>
        <message>
            <source>%1 (%2 days)</source>
            <translation>%1 (%2 days)</translation>
        </message>
        <message>
            <source>Against the stored calendar: %1 days become days off, %2 become working days, %3 get a new note; %4 are already so.</source>
            <translation>Against the stored calendar: %1 days become days off, %2 become working days, %3 get a new note; %4 are already so.</translation>
        </message>
        <message>
            <source>Kept as they are (not in the notice): %1</source>
            <translation>Kept as they are (not in the notice): %1</translation>
        </message>
        <message>
            <source>Saving recomputes %1 open deadlines; the director gets the list.</source>
            <translation>Saving recomputes %1 open deadlines; the director gets the list.</translation>
        </message>
        <message>
            <source>No open deadline depends on these days.</source>
            <translation>No open deadline depends on these days.</translation>
        </message>
        <message>
            <source>&amp;Save the %1 calendar</source>
            <translation>&amp;Save the %1 calendar</translation>
        </message>
        <message>
            <source>Read %1 holidays. Check the year, then save.</source>
            <translation>Read %1 holidays. Check the year, then save.</translation>
        </message>
    </context>
    <context>
        <name>Operations</name>
        <message>
            <source>Added</source>
            <translation>Added</translation>
        </message>
        <message>
            <source>Changed</source>
            <translation>Changed</translation>
        </message>
        <message>
            <source>Removed</source>
            <translation>Removed</translation>
        </message>
        <message>
            <source>Event</source>
            <translation>Event</translation>
        </message>
    </context>
    <context>
        <name>PackPage</name>
        <message>
            <source>Record each phrase a call needs, or import a vendor's WAV files named after their phrase (请.wav, A.wav, 0.wav … 9.wav, 10.wav = 十). The pack is kept in the database: every hall display speaks with it once it is complete.</source>
            <translation>Record each phrase a call needs, or import a vendor's WAV files named after their phrase (请.wav, A.wav, 0.wav … 9.wav, 10.wav = 十). The pack is kept in the database: every hall display speaks with it once it is complete.</translation>
        </message>
        <message>
            <source>Phrase</source>
            <translation>Phrase</translation>
        </message>
        <message>
            <source>State</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Length</source>
            <translation>Length</translation>
        </message>
        <message>
            <source>Recorded by</source>
            <translation>Recorded by</translation>
        </message>
        <message>
            <source>&amp;Record</source>
            <translation>&amp;Record</translation>
        </message>
        <message>
            <source>Record the selected phrase (press again to stop; it stops by itself after 5 seconds)</source>
            <translation>Record the selected phrase (press again to stop; it stops by itself after 5 seconds)</translation>
        </message>
        <message>
            <source>&amp;Listen</source>
            <translation>&amp;Listen</translation>
        </message>
        <message>
            <source>Play the selected phrase's clip</source>
            <translation>Play the selected phrase's clip</translation>
        </message>
        <message>
            <source>&amp;Delete clip</source>
            <translation>&amp;Delete clip</translation>
        </message>
        <message>
            <source>Import &amp;folder…</source>
            <translation>Import &amp;folder…</translation>
        </message>
        <message>
            <source>Import &amp;zip…</source>
            <translation>Import &amp;zip…</translation>
        </message>
        <message>
            <source>E&amp;xport…</source>
            <translation>E&amp;xport…</translation>
        </message>
        <message>
            <source>&amp;Microphone:</source>
            <translation>&amp;Microphone:</translation>
        </message>
        <message>
            <source>No microphone found on this PC: import a vendor's WAV files, or record on a PC with a microphone</source>
            <translation>No microphone found on this PC: import a vendor's WAV files, or record on a PC with a microphone</translation>
        </message>
        <message>
            <source>Missing</source>
            <translation>Missing</translation>
        </message>
        <message>
            <source>Recorded</source>
            <translation>Recorded</translation>
        </message>
        <message>
            <source>Imported</source>
            <translation>Imported</translation>
        </message>
        <message>
            <source>%1 s</source>
            <translation>%1 s</translation>
        </message>
        <message>
            <source>The pack is complete: the hall displays speak with it.</source>
            <translation>The pack is complete: the hall displays speak with it.</translation>
        </message>
        <message>
            <source>%1 of %2 phrases recorded. The displays use the speech engine until every phrase is there.</source>
            <translation>%1 of %2 phrases recorded. The displays use the speech engine until every phrase is there.</translation>
        </message>
        <message>
            <source>Re-&amp;record</source>
            <translation>Re-&amp;record</translation>
        </message>
        <message>
            <source>&amp;Stop</source>
            <translation>&amp;Stop</translation>
        </message>
        <message>
            <source>Recording 「%1」: say it now, clearly, then press Stop.</source>
            <translation>Recording 「%1」: say it now, clearly, then press Stop.</translation>
        </message>
        <message>
            <source>「%1」 saved (%2 s). Listen to it; record it again if it is not clear.</source>
            <translation>「%1」 saved (%2 s). Listen to it; record it again if it is not clear.</translation>
        </message>
        <message>
            <source>The clip of 「%1」 is deleted.</source>
            <translation>The clip of 「%1」 is deleted.</translation>
        </message>
        <message>
            <source>The folder of the voice pack</source>
            <translation>The folder of the voice pack</translation>
        </message>
        <message>
            <source>The voice pack (.zip)</source>
            <translation>The voice pack (.zip)</translation>
        </message>
        <message>
            <source>Zip files (*.zip)</source>
            <translation>Zip files (*.zip)</translation>
        </message>
        <message>
            <source>%1 clips imported.</source>
            <translation>%1 clips imported.</translation>
        </message>
        <message>
            <source>Not imported: %1</source>
            <translation>Not imported: %1</translation>
        </message>
        <message>
            <source>not a WAV file</source>
            <translation>not a WAV file</translation>
        </message>
        <message>
            <source>silent</source>
            <translation>silent</translation>
        </message>
        <message>
            <source>too long</source>
            <translation>too long</translation>
        </message>
        <message>
            <source>name is not a phrase</source>
            <translation>name is not a phrase</translation>
        </message>
        <message>
            <source>Save the voice pack</source>
            <translation>Save the voice pack</translation>
        </message>
        <message>
            <source>The pack is saved as %1.</source>
            <translation>The pack is saved as %1.</translation>
        </message>
    </context>
    <context>
        <name>PartyDialog</name>
        <message>
            <source>Party</source>
            <translation>Party</translation>
        </message>
        <message>
            <source>Find by ID number, phone or name</source>
            <translation>Find by ID number, phone or name</translation>
        </message>
        <message>
            <source>18 characters</source>
            <translation>18 characters</translation>
        </message>
        <message>
            <source>Find</source>
            <translation>Find</translation>
        </message>
        <message>
            <source>Look up:</source>
            <translation>Look up:</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>&amp;Name:</translation>
        </message>
        <message>
            <source>&amp;ID number:</source>
            <translation>&amp;ID number:</translation>
        </message>
        <message>
            <source>Full &amp;name:</source>
            <translation>Full &amp;name:</translation>
        </message>
        <message>
            <source>&amp;Phone:</source>
            <translation>&amp;Phone:</translation>
        </message>
        <message>
            <source>&amp;Village or community:</source>
            <translation>&amp;Village or community:</translation>
        </message>
        <message>
            <source>&amp;Address:</source>
            <translation>&amp;Address:</translation>
        </message>
        <message>
            <source>Credit &amp;code:</source>
            <translation>Credit &amp;code:</translation>
        </message>
        <message>
            <source>&amp;Legal representative:</source>
            <translation>&amp;Legal representative:</translation>
        </message>
        <message>
            <source>Representative</source>
            <translation>Representative</translation>
        </message>
        <message>
            <source>Kind:</source>
            <translation>Kind:</translation>
        </message>
        <message>
            <source>Name:</source>
            <translation>Name:</translation>
        </message>
        <message>
            <source>Phone:</source>
            <translation>Phone:</translation>
        </message>
        <message>
            <source>Side:</source>
            <translation>Side:</translation>
        </message>
        <message>
            <source>Nobody found; type the person's details.</source>
            <translation>Nobody found; type the person's details.</translation>
        </message>
    </context>
    <context>
        <name>PerformanceDialog</name>
        <message>
            <source>Performance of term %1</source>
            <translation>Performance of term %1</translation>
        </message>
        <message>
            <source>State:</source>
            <translation>State:</translation>
        </message>
        <message>
            <source>On:</source>
            <translation>On:</translation>
        </message>
        <message>
            <source>Note:</source>
            <translation>Note:</translation>
        </message>
    </context>
    <context>
        <name>PeriodPicker</name>
        <message>
            <source>%1, week %2 (%3 to %4)</source>
            <translation>%1, week %2 (%3 to %4)</translation>
        </message>
        <message>
            <source>%1-%2</source>
            <comment>year-month</comment>
            <translation>%1-%2</translation>
        </message>
        <message>
            <source>Year %1</source>
            <translation>Year %1</translation>
        </message>
        <message>
            <source>%1 (so far)</source>
            <translation>%1 (so far)</translation>
        </message>
    </context>
    <context>
        <name>PersonFields</name>
        <message>
            <source>ID number, phone or name — Enter looks it up</source>
            <translation>ID number, phone or name — Enter looks it up</translation>
        </message>
        <message>
            <source>18 characters</source>
            <translation>18 characters</translation>
        </message>
        <message>
            <source>&amp;Look up:</source>
            <translation>&amp;Look up:</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>&amp;Name:</translation>
        </message>
        <message>
            <source>&amp;ID number:</source>
            <translation>&amp;ID number:</translation>
        </message>
        <message>
            <source>P&amp;hone:</source>
            <translation>P&amp;hone:</translation>
        </message>
        <message>
            <source>Nobody found: fill in the new person.</source>
            <translation>Nobody found: fill in the new person.</translation>
        </message>
        <message>
            <source>%1 (stored)</source>
            <translation>%1 (stored)</translation>
        </message>
        <message>
            <source>%1 found.</source>
            <translation>%1 found.</translation>
        </message>
    </context>
    <context>
        <name>PersonHistoryDialog</name>
        <message>
            <source>All matters of a person</source>
            <translation>All matters of a person</translation>
        </message>
        <message>
            <source>ID number, phone or name — Enter opens the person</source>
            <translation>ID number, phone or name — Enter opens the person</translation>
        </message>
        <message>
            <source>Matter</source>
            <translation>Matter</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Summary</source>
            <translation>Summary</translation>
        </message>
        <message>
            <source>State</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Registered</source>
            <translation>Registered</translation>
        </message>
        <message>
            <source>Current step</source>
            <translation>Current step</translation>
        </message>
        <message>
            <source>Cases</source>
            <translation>Cases</translation>
        </message>
        <message>
            <source>Visit (ticket)</source>
            <translation>Visit (ticket)</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Person:</source>
            <translation>Person:</translation>
        </message>
        <message>
            <source>Nobody is registered with “%1”.</source>
            <translation>Nobody is registered with “%1”.</translation>
        </message>
        <message>
            <source>All matters of %1</source>
            <translation>All matters of %1</translation>
        </message>
        <message>
            <source>%1 matters, %2 of them in progress.</source>
            <translation>%1 matters, %2 of them in progress.</translation>
        </message>
    </context>
    <context>
        <name>PetitionMessages</name>
        <message>
            <source>An ID number has 18 characters; this one has %1.</source>
            <translation>An ID number has 18 characters; this one has %1.</translation>
        </message>
        <message>
            <source>An ID number is 17 digits followed by a digit or X.</source>
            <translation>An ID number is 17 digits followed by a digit or X.</translation>
        </message>
        <message>
            <source>The ID number contains characters that are not digits (%2): type it with the digits 0–9 and X.</source>
            <translation>The ID number contains characters that are not digits (%2): type it with the digits 0–9 and X.</translation>
        </message>
        <message>
            <source>The check character of the ID number does not match: please check every digit.</source>
            <translation>The check character of the ID number does not match: please check every digit.</translation>
        </message>
        <message>
            <source>The birth date in the ID number is impossible.</source>
            <translation>The birth date in the ID number is impossible.</translation>
        </message>
        <message>
            <source>The ID number does not start with a known province code.</source>
            <translation>The ID number does not start with a known province code.</translation>
        </message>
        <message>
            <source>Choose a category of the second level.</source>
            <translation>Choose a category of the second level.</translation>
        </message>
        <message>
            <source>The same person is listed twice: %v.</source>
            <translation>The same person is listed twice: %v.</translation>
        </message>
        <message>
            <source>The file %file is empty.</source>
            <translation>The file %file is empty.</translation>
        </message>
        <message>
            <source>The file %file is larger than %max MB.</source>
            <translation>The file %file is larger than %max MB.</translation>
        </message>
        <message>
            <source>%f cannot be in the future.</source>
            <translation>%f cannot be in the future.</translation>
        </message>
        <message>
            <source>%f cannot be in the past.</source>
            <translation>%f cannot be in the past.</translation>
        </message>
        <message>
            <source>The meeting cannot be before the acceptance (%v).</source>
            <translation>The meeting cannot be before the acceptance (%v).</translation>
        </message>
        <message>
            <source>The hearing cannot end before it starts.</source>
            <translation>The hearing cannot end before it starts.</translation>
        </message>
        <message>
            <source>%v is no longer active.</source>
            <translation>%v is no longer active.</translation>
        </message>
        <message>
            <source>%v works in another department.</source>
            <translation>%v works in another department.</translation>
        </message>
        <message>
            <source>%f: “%v” is not one of the choices.</source>
            <translation>%f: “%v” is not one of the choices.</translation>
        </message>
        <message>
            <source>Not a Chinese mobile number (11 digits from 13 to 19) or a landline with its area code (such as 0512-65551234).</source>
            <translation>Not a Chinese mobile number (11 digits from 13 to 19) or a landline with its area code (such as 0512-65551234).</translation>
        </message>
        <message>
            <source>The period to object ended on %1.</source>
            <translation>The period to object ended on %1.</translation>
        </message>
        <message>
            <source>A review could be requested until %1; that time has passed.</source>
            <translation>A review could be requested until %1; that time has passed.</translation>
        </message>
        <message>
            <source>This step does not follow from where case %1 stands now. Reload the case to see its current state.</source>
            <translation>This step does not follow from where case %1 stands now. Reload the case to see its current state.</translation>
        </message>
        <message>
            <source>The petitioner already has a case in progress (%1). Record a repeat visit on it, or give the reason why this is a new matter.</source>
            <translation>The petitioner already has a case in progress (%1). Record a repeat visit on it, or give the reason why this is a new matter.</translation>
        </message>
        <message>
            <source>This matter was settled by re-examination (复核) in case %1 and is not accepted again. Record the visit on that case.</source>
            <translation>This matter was settled by re-examination (复核) in case %1 and is not accepted again. Record the visit on that case.</translation>
        </message>
        <message>
            <source>Case %1 is with %2: only that department or a supervisor may do this.</source>
            <translation>Case %1 is with %2: only that department or a supervisor may do this.</translation>
        </message>
        <message>
            <source>Case %1 already has an extension request or extension; a case is extended once.</source>
            <translation>Case %1 already has an extension request or extension; a case is extended once.</translation>
        </message>
        <message>
            <source>This document does not apply to case %1 as it stands.</source>
            <translation>This document does not apply to case %1 as it stands.</translation>
        </message>
        <message>
            <source>Petitioner %1: </source>
            <translation>Petitioner %1: </translation>
        </message>
    </context>
    <context>
        <name>Petitions</name>
        <message>
            <source>Registered</source>
            <translation>Registered</translation>
        </message>
        <message>
            <source>Assigned</source>
            <translation>Assigned</translation>
        </message>
        <message>
            <source>Objected, to reassign</source>
            <translation>Objected, to reassign</translation>
        </message>
        <message>
            <source>Met</source>
            <translation>Met</translation>
        </message>
        <message>
            <source>Handling</source>
            <translation>Handling</translation>
        </message>
        <message>
            <source>Replied</source>
            <translation>Replied</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>Closed</translation>
        </message>
        <message>
            <source>Not accepted</source>
            <translation>Not accepted</translation>
        </message>
        <message>
            <source>Withdrawn</source>
            <translation>Withdrawn</translation>
        </message>
        <message>
            <source>Petition</source>
            <translation>Petition</translation>
        </message>
        <message>
            <source>Review (复查)</source>
            <translation>Review (复查)</translation>
        </message>
        <message>
            <source>Re-examination (复核)</source>
            <translation>Re-examination (复核)</translation>
        </message>
        <message>
            <source>Walk-in</source>
            <translation>Walk-in</translation>
        </message>
        <message>
            <source>Letter</source>
            <translation>Letter</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>12345 hotline</source>
            <translation>12345 hotline</translation>
        </message>
        <message>
            <source>Grid report</source>
            <translation>Grid report</translation>
        </message>
        <message>
            <source>Online</source>
            <translation>Online</translation>
        </message>
        <message>
            <source>Receive (接)</source>
            <translation>Receive (接)</translation>
        </message>
        <message>
            <source>Assign (转)</source>
            <translation>Assign (转)</translation>
        </message>
        <message>
            <source>Object: not ours</source>
            <translation>Object: not ours</translation>
        </message>
        <message>
            <source>Meet (见)</source>
            <translation>Meet (见)</translation>
        </message>
        <message>
            <source>Handle (办)</source>
            <translation>Handle (办)</translation>
        </message>
        <message>
            <source>Conclude (结)</source>
            <translation>Conclude (结)</translation>
        </message>
        <message>
            <source>Follow up (访)</source>
            <translation>Follow up (访)</translation>
        </message>
        <message>
            <source>Withdraw</source>
            <translation>Withdraw</translation>
        </message>
        <message>
            <source>Edit registration</source>
            <translation>Edit registration</translation>
        </message>
        <message>
            <source>Request extension</source>
            <translation>Request extension</translation>
        </message>
        <message>
            <source>Decide extension</source>
            <translation>Decide extension</translation>
        </message>
        <message>
            <source>Hearing</source>
            <translation>Hearing</translation>
        </message>
        <message>
            <source>Supervise (督办)</source>
            <translation>Supervise (督办)</translation>
        </message>
        <message>
            <source>Answer supervision</source>
            <translation>Answer supervision</translation>
        </message>
        <message>
            <source>Request review</source>
            <translation>Request review</translation>
        </message>
        <message>
            <source>Repeat visit</source>
            <translation>Repeat visit</translation>
        </message>
        <message>
            <source>Add attachment</source>
            <translation>Add attachment</translation>
        </message>
        <message>
            <source>Deadline recomputed (calendar)</source>
            <translation>Deadline recomputed (calendar)</translation>
        </message>
        <message>
            <source>Very satisfied</source>
            <translation>Very satisfied</translation>
        </message>
        <message>
            <source>Satisfied</source>
            <translation>Satisfied</translation>
        </message>
        <message>
            <source>Basically satisfied</source>
            <translation>Basically satisfied</translation>
        </message>
        <message>
            <source>Dissatisfied</source>
            <translation>Dissatisfied</translation>
        </message>
        <message>
            <source>Very dissatisfied</source>
            <translation>Very dissatisfied</translation>
        </message>
        <message>
            <source>By phone</source>
            <translation>By phone</translation>
        </message>
        <message>
            <source>Home visit</source>
            <translation>Home visit</translation>
        </message>
        <message>
            <source>By letter</source>
            <translation>By letter</translation>
        </message>
        <message>
            <source>Acceptance notice</source>
            <translation>Acceptance notice</translation>
        </message>
        <message>
            <source>Conclusion</source>
            <translation>Conclusion</translation>
        </message>
        <message>
            <source>Follow-up</source>
            <translation>Follow-up</translation>
        </message>
        <message>
            <source>same person</source>
            <translation>same person</translation>
        </message>
        <message>
            <source>same ID number</source>
            <translation>same ID number</translation>
        </message>
        <message>
            <source>same phone</source>
            <translation>same phone</translation>
        </message>
        <message>
            <source>same name and village</source>
            <translation>same name and village</translation>
        </message>
        <message>
            <source>similar content</source>
            <translation>similar content</translation>
        </message>
        <message>
            <source>Registration receipt</source>
            <translation>Registration receipt</translation>
        </message>
        <message>
            <source>Acceptance notice (受理告知书)</source>
            <translation>Acceptance notice (受理告知书)</translation>
        </message>
        <message>
            <source>Non-acceptance notice (不予受理告知书)</source>
            <translation>Non-acceptance notice (不予受理告知书)</translation>
        </message>
        <message>
            <source>Written reply (答复意见书)</source>
            <translation>Written reply (答复意见书)</translation>
        </message>
        <message>
            <source>male</source>
            <translation>male</translation>
        </message>
        <message>
            <source>female</source>
            <translation>female</translation>
        </message>
        <message>
            <source>Overdue %1 d</source>
            <translation>Overdue %1 d</translation>
        </message>
        <message>
            <source>Due today</source>
            <translation>Due today</translation>
        </message>
        <message>
            <source>Due in %1 d</source>
            <translation>Due in %1 d</translation>
        </message>
        <message>
            <source>%1 d left</source>
            <translation>%1 d left</translation>
        </message>
        <message>
            <source>Clock</source>
            <translation>Clock</translation>
        </message>
        <message>
            <source>Case number</source>
            <translation>Case number</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Source</translation>
        </message>
        <message>
            <source>Petitioners</source>
            <translation>Petitioners</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>Village</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>Department</translation>
        </message>
        <message>
            <source>Handler</source>
            <translation>Handler</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>Due</translation>
        </message>
        <message>
            <source>Flags</source>
            <translation>Flags</translation>
        </message>
        <message>
            <source>repeat ×%1</source>
            <translation>repeat ×%1</translation>
        </message>
        <message>
            <source>supervised</source>
            <translation>supervised</translation>
        </message>
        <message>
            <source>Petitions</source>
            <translation>Petitions</translation>
        </message>
    </context>
    <context>
        <name>PetitionsArea</name>
        <message>
            <source>My cases</source>
            <translation>My cases</translation>
        </message>
        <message>
            <source>My department</source>
            <translation>My department</translation>
        </message>
        <message>
            <source>Due soon</source>
            <translation>Due soon</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <source>All cases</source>
            <translation>All cases</translation>
        </message>
        <message>
            <source>Director's board</source>
            <translation>Director's board</translation>
        </message>
        <message>
            <source>Registered %1. Query code for the petitioner: %2</source>
            <translation>Registered %1. Query code for the petitioner: %2</translation>
        </message>
        <message>
            <source>Repeat visit recorded on %1 (visit %2).</source>
            <translation>Repeat visit recorded on %1 (visit %2).</translation>
        </message>
        <message>
            <source>The matter was settled by 复核 and is not accepted again.</source>
            <translation>The matter was settled by 复核 and is not accepted again.</translation>
        </message>
    </context>
    <context>
        <name>PrinterPage</name>
        <message>
            <source>The kiosk's ticket printer</source>
            <translation>The kiosk's ticket printer</translation>
        </message>
        <message>
            <source>System printer (with its driver)</source>
            <translation>System printer (with its driver)</translation>
        </message>
        <message>
            <source>80 mm ESC/POS printer on USB</source>
            <translation>80 mm ESC/POS printer on USB</translation>
        </message>
        <message>
            <source>80 mm ESC/POS printer on a serial port</source>
            <translation>80 mm ESC/POS printer on a serial port</translation>
        </message>
        <message>
            <source>80 mm ESC/POS printer on the network</source>
            <translation>80 mm ESC/POS printer on the network</translation>
        </message>
        <message>
            <source>No printer (the ticket is shown and saved as a PDF)</source>
            <translation>No printer (the ticket is shown and saved as a PDF)</translation>
        </message>
        <message>
            <source>Printer:</source>
            <translation>Printer:</translation>
        </message>
        <message>
            <source>USB ID (vendor:product):</source>
            <translation>USB ID (vendor:product):</translation>
        </message>
        <message>
            <source>Shown by lsusb, or in the printer's self-test print. The .deb lets the signed-in user reach USB printers.</source>
            <translation>Shown by lsusb, or in the printer's self-test print. The .deb lets the signed-in user reach USB printers.</translation>
        </message>
        <message>
            <source>Serial port:</source>
            <translation>Serial port:</translation>
        </message>
        <message>
            <source>Baud rate:</source>
            <translation>Baud rate:</translation>
        </message>
        <message>
            <source>Address:</source>
            <translation>Address:</translation>
        </message>
        <message>
            <source>Port:</source>
            <translation>Port:</translation>
        </message>
        <message>
            <source>The kiosk shows the number large on screen and saves the ticket as a PDF in the data folder.</source>
            <translation>The kiosk shows the number large on screen and saves the ticket as a PDF in the data folder.</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Save</translation>
        </message>
        <message>
            <source>Save the kiosk's printer</source>
            <translation>Save the kiosk's printer</translation>
        </message>
        <message>
            <source>Print a &amp;test ticket</source>
            <translation>Print a &amp;test ticket</translation>
        </message>
        <message>
            <source>Print a test ticket from this PC with the printer chosen above</source>
            <translation>Print a test ticket from this PC with the printer chosen above</translation>
        </message>
        <message>
            <source>&amp;Printer:</source>
            <translation>&amp;Printer:</translation>
        </message>
        <message>
            <source>The test ticket</source>
            <translation>The test ticket</translation>
        </message>
        <message>
            <source>The default printer (%1)</source>
            <translation>The default printer (%1)</translation>
        </message>
        <message>
            <source>The default printer (none yet)</source>
            <translation>The default printer (none yet)</translation>
        </message>
        <message>
            <source>Saved. The kiosk prints on it from its next ticket.</source>
            <translation>Saved. The kiosk prints on it from its next ticket.</translation>
        </message>
        <message>
            <source>Printer test</source>
            <translation>Printer test</translation>
        </message>
        <message>
            <source>Printing the test ticket…</source>
            <translation>Printing the test ticket…</translation>
        </message>
        <message>
            <source>The test ticket went to %1. Check the paper: the number large, the Chinese text readable, the QR code, and the cut.</source>
            <translation>The test ticket went to %1. Check the paper: the number large, the Chinese text readable, the QR code, and the cut.</translation>
        </message>
        <message>
            <source>%1 is out of paper. The kiosk would still issue the ticket and show the number.</source>
            <translation>%1 is out of paper. The kiosk would still issue the ticket and show the number.</translation>
        </message>
        <message>
            <source>%1 does not answer (%2). Check the cable or the address, that it is switched on, and that this PC may use it. The kiosk would still issue the ticket and show the number.</source>
            <translation>%1 does not answer (%2). Check the cable or the address, that it is switched on, and that this PC may use it. The kiosk would still issue the ticket and show the number.</translation>
        </message>
        <message>
            <source>The printer</source>
            <translation>The printer</translation>
        </message>
        <message>
            <source>No printer: the test ticket is saved as %1.</source>
            <translation>No printer: the test ticket is saved as %1.</translation>
        </message>
    </context>
    <context>
        <name>ProgressLookup</name>
        <message>
            <source>Progress of my matter</source>
            <translation>Progress of my matter</translation>
        </message>
        <message>
            <source>Look up the progress of your matter</source>
            <translation>Look up the progress of your matter</translation>
        </message>
        <message>
            <source>Matter number: scan the QR code on your paper, or type its digits</source>
            <translation>Matter number: scan the QR code on your paper, or type its digits</translation>
        </message>
        <message>
            <source>Last 4 digits of the phone you gave us</source>
            <translation>Last 4 digits of the phone you gave us</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>Please enter the matter number first.</source>
            <translation>Please enter the matter number first.</translation>
        </message>
        <message>
            <source>Please enter the last 4 digits of your phone.</source>
            <translation>Please enter the last 4 digits of your phone.</translation>
        </message>
        <message>
            <source>Looking it up, one moment…</source>
            <translation>Looking it up, one moment…</translation>
        </message>
    </context>
    <context>
        <name>ProgressPage</name>
        <message>
            <source>Window matter</source>
            <translation>Window matter</translation>
        </message>
        <message>
            <source>Petition</source>
            <translation>Petition</translation>
        </message>
        <message>
            <source>Dispute mediation</source>
            <translation>Dispute mediation</translation>
        </message>
        <message>
            <source>12345 work order</source>
            <translation>12345 work order</translation>
        </message>
        <message>
            <source>Back to the start</source>
            <translation>Back to the start</translation>
        </message>
        <message>
            <source>Matter %1 · %2</source>
            <translation>Matter %1 · %2</translation>
        </message>
        <message>
            <source>%1 · registered on %2</source>
            <translation>%1 · registered on %2</translation>
        </message>
        <message>
            <source>Concluded on %1.</source>
            <translation>Concluded on %1.</translation>
        </message>
        <message>
            <source>Being handled.</source>
            <translation>Being handled.</translation>
        </message>
        <message>
            <source>Now: %1, handled by %2.</source>
            <translation>Now: %1, handled by %2.</translation>
        </message>
        <message>
            <source>Now: %1, handled by %2, to be done by %3.</source>
            <translation>Now: %1, handled by %2, to be done by %3.</translation>
        </message>
        <message>
            <source>being handled now</source>
            <translation>being handled now</translation>
        </message>
        <message>
            <source>since %1</source>
            <translation>since %1</translation>
        </message>
        <message>
            <source>due %1</source>
            <translation>due %1</translation>
        </message>
        <message>
            <source>Your rating of the result: %1. Thank you!</source>
            <translation>Your rating of the result: %1. Thank you!</translation>
        </message>
        <message>
            <source>How satisfied are you with the result? Touch one:</source>
            <translation>How satisfied are you with the result? Touch one:</translation>
        </message>
        <message>
            <source>Once it is concluded you can rate the result here.</source>
            <translation>Once it is concluded you can rate the result here.</translation>
        </message>
        <message>
            <source>Saving your rating, one moment…</source>
            <translation>Saving your rating, one moment…</translation>
        </message>
    </context>
    <context>
        <name>QueueArea</name>
        <message>
            <source>My window</source>
            <translation>My window</translation>
        </message>
        <message>
            <source>Live queue</source>
            <translation>Live queue</translation>
        </message>
    </context>
    <context>
        <name>QueueLabels</name>
        <message>
            <source>Waiting</source>
            <translation>Waiting</translation>
        </message>
        <message>
            <source>Called</source>
            <translation>Called</translation>
        </message>
        <message>
            <source>Being served</source>
            <translation>Being served</translation>
        </message>
        <message>
            <source>Finished</source>
            <translation>Finished</translation>
        </message>
        <message>
            <source>No-show</source>
            <translation>No-show</translation>
        </message>
        <message>
            <source>Idle</source>
            <translation>Idle</translation>
        </message>
        <message>
            <source>Calling</source>
            <translation>Calling</translation>
        </message>
        <message>
            <source>Serving</source>
            <translation>Serving</translation>
        </message>
        <message>
            <source>Paused</source>
            <translation>Paused</translation>
        </message>
        <message>
            <source>Nobody signed in</source>
            <translation>Nobody signed in</translation>
        </message>
        <message>
            <source>Very satisfied</source>
            <translation>Very satisfied</translation>
        </message>
        <message>
            <source>Satisfied</source>
            <translation>Satisfied</translation>
        </message>
        <message>
            <source>Basically satisfied</source>
            <translation>Basically satisfied</translation>
        </message>
        <message>
            <source>Dissatisfied</source>
            <translation>Dissatisfied</translation>
        </message>
        <message>
            <source>Very dissatisfied</source>
            <translation>Very dissatisfied</translation>
        </message>
        <message>
            <source>To the front</source>
            <translation>To the front</translation>
        </message>
        <message>
            <source>To the end</source>
            <translation>To the end</translation>
        </message>
        <message>
            <source>In its original order</source>
            <translation>In its original order</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Open</translation>
        </message>
        <message>
            <source>Answered</source>
            <translation>Answered</translation>
        </message>
        <message>
            <source>%1 min</source>
            <translation>%1 min</translation>
        </message>
        <message>
            <source>%1 h %2 min</source>
            <translation>%1 h %2 min</translation>
        </message>
    </context>
    <context>
        <name>QueueMessages</name>
        <message>
            <source>window %1</source>
            <translation>window %1</translation>
        </message>
        <message>
            <source>This service is not offered at the moment.</source>
            <translation>This service is not offered at the moment.</translation>
        </message>
        <message>
            <source>The appointment time has already passed.</source>
            <translation>The appointment time has already passed.</translation>
        </message>
        <message>
            <source>The center is closed on that day.</source>
            <translation>The center is closed on that day.</translation>
        </message>
        <message>
            <source>The appointment time is outside opening hours.</source>
            <translation>The appointment time is outside opening hours.</translation>
        </message>
        <message>
            <source>Choose either a service or a window to transfer to.</source>
            <translation>Choose either a service or a window to transfer to.</translation>
        </message>
        <message>
            <source>The ticket is already at this window.</source>
            <translation>The ticket is already at this window.</translation>
        </message>
        <message>
            <source>The matter is still being handled: its result can be rated once it is concluded.</source>
            <translation>The matter is still being handled: its result can be rated once it is concluded.</translation>
        </message>
        <message>
            <source>This appointment was already checked in or cancelled.</source>
            <translation>This appointment was already checked in or cancelled.</translation>
        </message>
        <message>
            <source>The center is closed today. Tickets are issued on working days, %1–%2.</source>
            <translation>The center is closed today. Tickets are issued on working days, %1–%2.</translation>
        </message>
        <message>
            <source>Tickets are issued during opening hours, %1–%2.</source>
            <translation>Tickets are issued during opening hours, %1–%2.</translation>
        </message>
        <message>
            <source>Ticket %1 is not at this window.</source>
            <translation>Ticket %1 is not at this window.</translation>
        </message>
        <message>
            <source>Ticket %1 is held by %2, not by this window.</source>
            <translation>Ticket %1 is held by %2, not by this window.</translation>
        </message>
        <message>
            <source>%1 can be marked as a no-show only after every call: recall it (F2) %2 more time(s) first.</source>
            <translation>%1 can be marked as a no-show only after every call: recall it (F2) %2 more time(s) first.</translation>
        </message>
        <message>
            <source>Give the visitor of %1 time to come: a no-show can be marked in %2 seconds.</source>
            <translation>Give the visitor of %1 time to come: a no-show can be marked in %2 seconds.</translation>
        </message>
        <message>
            <source>No window is assigned to your account. Ask an administrator to assign one.</source>
            <translation>No window is assigned to your account. Ask an administrator to assign one.</translation>
        </message>
        <message>
            <source>Window %1 is inactive or serves no service. Ask an administrator to assign its services.</source>
            <translation>Window %1 is inactive or serves no service. Ask an administrator to assign its services.</translation>
        </message>
        <message>
            <source>Window %1 is paused. Resume it (F6) before calling.</source>
            <translation>Window %1 is paused. Resume it (F6) before calling.</translation>
        </message>
        <message>
            <source>%1 is still at the window. Finish it (F5), mark it as a no-show (F3) or transfer it (F4) first.</source>
            <translation>%1 is still at the window. Finish it (F5), mark it as a no-show (F3) or transfer it (F4) first.</translation>
        </message>
        <message>
            <source>Ticket %1 is %2: this cannot be done now.</source>
            <translation>Ticket %1 is %2: this cannot be done now.</translation>
        </message>
        <message>
            <source>%1 has been called %2 times, the most allowed. Mark it as a no-show (F3).</source>
            <translation>%1 has been called %2 times, the most allowed. Mark it as a no-show (F3).</translation>
        </message>
        <message>
            <source>%1 was called a moment ago. It can be called again in %2 seconds.</source>
            <translation>%1 was called a moment ago. It can be called again in %2 seconds.</translation>
        </message>
        <message>
            <source>All numbers of service %1 are used today. Please ask at window 1.</source>
            <translation>All numbers of service %1 are used today. Please ask at window 1.</translation>
        </message>
        <message>
            <source>No appointment today has the code %1. Please check the code or ask at window 1.</source>
            <translation>No appointment today has the code %1. Please check the code or ask at window 1.</translation>
        </message>
        <message>
            <source>This appointment is already checked in: your number is %1.</source>
            <translation>This appointment is already checked in: your number is %1.</translation>
        </message>
        <message>
            <source>%1 has already been rated.</source>
            <translation>%1 has already been rated.</translation>
        </message>
        <message>
            <source>“%1” has no window today, so no ticket can be taken for it. Please ask at window 1.</source>
            <translation>“%1” has no window today, so no ticket can be taken for it. Please ask at window 1.</translation>
        </message>
        <message>
            <source>Nobody is at the window for “%1” right now, so no ticket can be taken for it. Please ask at window 1.</source>
            <translation>Nobody is at the window for “%1” right now, so no ticket can be taken for it. Please ask at window 1.</translation>
        </message>
        <message>
            <source>The matter number or the last 4 digits of the phone are not right. Please check them and try again.</source>
            <translation>The matter number or the last 4 digits of the phone are not right. Please check them and try again.</translation>
        </message>
        <message>
            <source>Too many tries. Please try again after %1 or ask at a window.</source>
            <translation>Too many tries. Please try again after %1 or ask at a window.</translation>
        </message>
    </context>
    <context>
        <name>RatingWidget</name>
        <message>
            <source>Please rate our service for ticket %1</source>
            <translation>Please rate our service for ticket %1</translation>
        </message>
        <message>
            <source>Key %1</source>
            <translation>Key %1</translation>
        </message>
        <message>
            <source>Skip (Esc)</source>
            <translation>Skip (Esc)</translation>
        </message>
        <message>
            <source>The visitor does not rate (Esc)</source>
            <translation>The visitor does not rate (Esc)</translation>
        </message>
        <message>
            <source>Your rating goes to the center's director. Thank you.</source>
            <translation>Your rating goes to the center's director. Thank you.</translation>
        </message>
    </context>
    <context>
        <name>RatingWindow</name>
        <message>
            <source>Rate our service</source>
            <translation>Rate our service</translation>
        </message>
    </context>
    <context>
        <name>RecordsDialog</name>
        <message>
            <source>Records behind the figure</source>
            <translation>Records behind the figure</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <source>&amp;Export to Excel…</source>
            <translation>&amp;Export to Excel…</translation>
        </message>
        <message>
            <source>Save this list as an Excel workbook (Ctrl+E)</source>
            <translation>Save this list as an Excel workbook (Ctrl+E)</translation>
        </message>
        <message>
            <source>The list could not be loaded.</source>
            <translation>The list could not be loaded.</translation>
        </message>
        <message numerus="yes">
            <source>%n record(s)</source>
            <translation>
                <numerusform>%n record(s)</numerusform>
            </translation>
        </message>
        <message>
            <source>Export to Excel</source>
            <translation>Export to Excel</translation>
        </message>
        <message>
            <source>Excel workbooks (*.xlsx)</source>
            <translation>Excel workbooks (*.xlsx)</translation>
        </message>
        <message>
            <source>Saved to %1</source>
            <translation>Saved to %1</translation>
        </message>
    </context>
    <context>
        <name>RegistrationDialog</name>
        <message>
            <source>Correct registration — %1</source>
            <translation>Correct registration — %1</translation>
        </message>
        <message>
            <source>Register a dispute</source>
            <translation>Register a dispute</translation>
        </message>
        <message>
            <source>The referring body, e.g. 虎丘派出所</source>
            <translation>The referring body, e.g. 虎丘派出所</translation>
        </message>
        <message>
            <source>One line, e.g. 宅基地边界纠纷</source>
            <translation>One line, e.g. 宅基地边界纠纷</translation>
        </message>
        <message>
            <source>Side</source>
            <translation>Side</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>ID number / credit code</source>
            <translation>ID number / credit code</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Representative</source>
            <translation>Representative</translation>
        </message>
        <message>
            <source>&amp;Type:</source>
            <translation>&amp;Type:</translation>
        </message>
        <message>
            <source>&amp;Source:</source>
            <translation>&amp;Source:</translation>
        </message>
        <message>
            <source>S&amp;ubject:</source>
            <translation>S&amp;ubject:</translation>
        </message>
        <message>
            <source>&lt;b&gt;Parties&lt;/b&gt; (at least one applicant and one respondent)</source>
            <translation>&lt;b&gt;Parties&lt;/b&gt; (at least one applicant and one respondent)</translation>
        </message>
        <message>
            <source>Add &amp;applicant…</source>
            <translation>Add &amp;applicant…</translation>
        </message>
        <message>
            <source>Add res&amp;pondent…</source>
            <translation>Add res&amp;pondent…</translation>
        </message>
        <message>
            <source>Add &amp;organisation…</source>
            <translation>Add &amp;organisation…</translation>
        </message>
        <message>
            <source>&amp;Edit…</source>
            <translation>&amp;Edit…</translation>
        </message>
        <message>
            <source>&amp;Remove…</source>
            <translation>&amp;Remove…</translation>
        </message>
        <message>
            <source>From queue ticket %1 (%2 %3)</source>
            <translation>From queue ticket %1 (%2 %3)</translation>
        </message>
        <message>
            <source>From a queue ticket</source>
            <translation>From a queue ticket</translation>
        </message>
        <message>
            <source>Remove party</source>
            <translation>Remove party</translation>
        </message>
        <message>
            <source>Remove %1 (%2) from the parties of this dispute?</source>
            <translation>Remove %1 (%2) from the parties of this dispute?</translation>
        </message>
        <message>
            <source>&amp;Facts:</source>
            <translation>&amp;Facts:</translation>
        </message>
        <message>
            <source>Disputed &amp;matters and requests:</source>
            <translation>Disputed &amp;matters and requests:</translation>
        </message>
        <message>
            <source>Me&amp;diators:</source>
            <translation>Me&amp;diators:</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Save</translation>
        </message>
        <message>
            <source>Register</source>
            <translation>Register</translation>
        </message>
        <message>
            <source>&amp;Remove</source>
            <translation>&amp;Remove</translation>
        </message>
        <message>
            <source>&amp;Keep</source>
            <translation>&amp;Keep</translation>
        </message>
        <message>
            <source>Party %1 (%2): %3</source>
            <translation>Party %1 (%2): %3</translation>
        </message>
        <message>
            <source>Register a petition (接)</source>
            <translation>Register a petition (接)</translation>
        </message>
        <message>
            <source>Choose the domain</source>
            <translation>Choose the domain</translation>
        </message>
        <message>
            <source>Choose the domain first</source>
            <translation>Choose the domain first</translation>
        </message>
        <message>
            <source>ID number, phone or name — Enter looks it up</source>
            <translation>ID number, phone or name — Enter looks it up</translation>
        </message>
        <message>
            <source>only when speaking for an organisation</source>
            <translation>only when speaking for an organisation</translation>
        </message>
        <message>
            <source>&amp;Add petitioner</source>
            <translation>&amp;Add petitioner</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>Clear</translation>
        </message>
        <message>
            <source>Look up:</source>
            <translation>Look up:</translation>
        </message>
        <message>
            <source>Look up</source>
            <translation>Look up</translation>
        </message>
        <message>
            <source>Name:</source>
            <translation>Name:</translation>
        </message>
        <message>
            <source>ID number:</source>
            <translation>ID number:</translation>
        </message>
        <message>
            <source>Phone:</source>
            <translation>Phone:</translation>
        </message>
        <message>
            <source>Village / community:</source>
            <translation>Village / community:</translation>
        </message>
        <message>
            <source>Address:</source>
            <translation>Address:</translation>
        </message>
        <message>
            <source>Grid:</source>
            <translation>Grid:</translation>
        </message>
        <message>
            <source>Organisation:</source>
            <translation>Organisation:</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>ID number</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>Village</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Remove</translation>
        </message>
        <message>
            <source>Petitioners</source>
            <translation>Petitioners</translation>
        </message>
        <message>
            <source>What happened, where, since when — in the petitioner's words</source>
            <translation>What happened, where, since when — in the petitioner's words</translation>
        </message>
        <message>
            <source>One request per line</source>
            <translation>One request per line</translation>
        </message>
        <message>
            <source>Add files…</source>
            <translation>Add files…</translation>
        </message>
        <message>
            <source>Remove file</source>
            <translation>Remove file</translation>
        </message>
        <message>
            <source>Source:</source>
            <translation>Source:</translation>
        </message>
        <message>
            <source>Category:</source>
            <translation>Category:</translation>
        </message>
        <message>
            <source>Content:</source>
            <translation>Content:</translation>
        </message>
        <message>
            <source>Requests:</source>
            <translation>Requests:</translation>
        </message>
        <message>
            <source>Attachments:</source>
            <translation>Attachments:</translation>
        </message>
        <message>
            <source>Case</source>
            <translation>Case</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Why</source>
            <translation>Why</translation>
        </message>
        <message>
            <source>Record a &amp;repeat visit on this case</source>
            <translation>Record a &amp;repeat visit on this case</translation>
        </message>
        <message>
            <source>The same matter: record the visit on the selected case instead of a new case</source>
            <translation>The same matter: record the visit on the selected case instead of a new case</translation>
        </message>
        <message>
            <source>Why this is a new matter (needed when a case is in progress)</source>
            <translation>Why this is a new matter (needed when a case is in progress)</translation>
        </message>
        <message>
            <source>Same person or similar matters</source>
            <translation>Same person or similar matters</translation>
        </message>
        <message>
            <source>Cases of the same person and recent cases with similar content appear here while you type.</source>
            <translation>Cases of the same person and recent cases with similar content appear here while you type.</translation>
        </message>
        <message>
            <source>Reason for a new case:</source>
            <translation>Reason for a new case:</translation>
        </message>
        <message>
            <source>Register the petition (Ctrl+Enter)</source>
            <translation>Register the petition (Ctrl+Enter)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Choose the category</source>
            <translation>Choose the category</translation>
        </message>
        <message>
            <source>Choose the category of the matter: its domain first, then the category.</source>
            <translation>Choose the category of the matter: its domain first, then the category.</translation>
        </message>
        <message>
            <source>Ticket %1 (%2)</source>
            <translation>Ticket %1 (%2)</translation>
        </message>
        <message>
            <source>Visitor of ticket %1 (%2).</source>
            <translation>Visitor of ticket %1 (%2).</translation>
        </message>
        <message>
            <source>Ticket %1</source>
            <translation>Ticket %1</translation>
        </message>
        <message>
            <source>Visitor of ticket %1.</source>
            <translation>Visitor of ticket %1.</translation>
        </message>
        <message>
            <source>%1 people match: press Enter in Look up to choose.</source>
            <translation>%1 people match: press Enter in Look up to choose.</translation>
        </message>
        <message>
            <source>Nobody found: fill in the new person.</source>
            <translation>Nobody found: fill in the new person.</translation>
        </message>
        <message>
            <source>%1 (stored)</source>
            <translation>%1 (stored)</translation>
        </message>
        <message>
            <source>%1 found: check the details, then add the petitioner.</source>
            <translation>%1 found: check the details, then add the petitioner.</translation>
        </message>
        <message>
            <source>Add attachments</source>
            <translation>Add attachments</translation>
        </message>
        <message>
            <source>%1 cases of the same person or with similar content.</source>
            <translation>%1 cases of the same person or with similar content.</translation>
        </message>
        <message>
            <source>No earlier case of this person or with similar content.</source>
            <translation>No earlier case of this person or with similar content.</translation>
        </message>
        <message>
            <source>Settled by 复核: not accepted again.</source>
            <translation>Settled by 复核: not accepted again.</translation>
        </message>
    </context>
    <context>
        <name>ReportLabels</name>
        <message>
            <source>Key figures (this period and the previous one)</source>
            <translation>Key figures (this period and the previous one)</translation>
        </message>
        <message>
            <source>Queue overview</source>
            <translation>Queue overview</translation>
        </message>
        <message>
            <source>Visitors per window</source>
            <translation>Visitors per window</translation>
        </message>
        <message>
            <source>Queue per service</source>
            <translation>Queue per service</translation>
        </message>
        <message>
            <source>Queue per hour</source>
            <translation>Queue per hour</translation>
        </message>
        <message>
            <source>Queue per day</source>
            <translation>Queue per day</translation>
        </message>
        <message>
            <source>Ratings overview</source>
            <translation>Ratings overview</translation>
        </message>
        <message>
            <source>Ratings per level</source>
            <translation>Ratings per level</translation>
        </message>
        <message>
            <source>Ratings per window</source>
            <translation>Ratings per window</translation>
        </message>
        <message>
            <source>Bad ratings and their follow-up</source>
            <translation>Bad ratings and their follow-up</translation>
        </message>
        <message>
            <source>Petitions overview</source>
            <translation>Petitions overview</translation>
        </message>
        <message>
            <source>Petitions per department</source>
            <translation>Petitions per department</translation>
        </message>
        <message>
            <source>Overdue matters (supervision sheet)</source>
            <translation>Overdue matters (supervision sheet)</translation>
        </message>
        <message>
            <source>Overdue matters per department</source>
            <translation>Overdue matters per department</translation>
        </message>
        <message>
            <source>Petition sources</source>
            <translation>Petition sources</translation>
        </message>
        <message>
            <source>Mediation overview</source>
            <translation>Mediation overview</translation>
        </message>
        <message>
            <source>Disputes per type</source>
            <translation>Disputes per type</translation>
        </message>
        <message>
            <source>Room utilisation</source>
            <translation>Room utilisation</translation>
        </message>
        <message>
            <source>Hot spots per village or community</source>
            <translation>Hot spots per village or community</translation>
        </message>
        <message>
            <source>Hot spots per grid</source>
            <translation>Hot spots per grid</translation>
        </message>
        <message>
            <source>Top ten petition categories</source>
            <translation>Top ten petition categories</translation>
        </message>
        <message>
            <source>Cases received and concluded</source>
            <translation>Cases received and concluded</translation>
        </message>
        <message>
            <source>Queue</source>
            <translation>Queue</translation>
        </message>
        <message>
            <source>Service ratings</source>
            <translation>Service ratings</translation>
        </message>
        <message>
            <source>Petitions</source>
            <translation>Petitions</translation>
        </message>
        <message>
            <source>Mediation</source>
            <translation>Mediation</translation>
        </message>
        <message>
            <source>Disputes</source>
            <translation>Disputes</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>Code</translation>
        </message>
        <message>
            <source>Area</source>
            <translation>Area</translation>
        </message>
        <message>
            <source>Figure</source>
            <translation>Figure</translation>
        </message>
        <message>
            <source>This period</source>
            <translation>This period</translation>
        </message>
        <message>
            <source>Previous period</source>
            <translation>Previous period</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>Change</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Tickets issued</source>
            <translation>Tickets issued</translation>
        </message>
        <message>
            <source>Served</source>
            <translation>Served</translation>
        </message>
        <message>
            <source>No-shows</source>
            <translation>No-shows</translation>
        </message>
        <message>
            <source>No-show rate</source>
            <translation>No-show rate</translation>
        </message>
        <message>
            <source>Not finished</source>
            <translation>Not finished</translation>
        </message>
        <message>
            <source>Called</source>
            <translation>Called</translation>
        </message>
        <message>
            <source>Average wait (min)</source>
            <translation>Average wait (min)</translation>
        </message>
        <message>
            <source>90% wait (min)</source>
            <translation>90% wait (min)</translation>
        </message>
        <message>
            <source>Average service (min)</source>
            <translation>Average service (min)</translation>
        </message>
        <message>
            <source>Appointments</source>
            <translation>Appointments</translation>
        </message>
        <message>
            <source>Priority</source>
            <translation>Priority</translation>
        </message>
        <message>
            <source>Transfers</source>
            <translation>Transfers</translation>
        </message>
        <message>
            <source>Peak hour</source>
            <translation>Peak hour</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Ticket</source>
            <translation>Ticket</translation>
        </message>
        <message>
            <source>Service</source>
            <translation>Service</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Issued</source>
            <translation>Issued</translation>
        </message>
        <message>
            <source>First call</source>
            <translation>First call</translation>
        </message>
        <message>
            <source>Service start</source>
            <translation>Service start</translation>
        </message>
        <message>
            <source>Finished</source>
            <translation>Finished</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>Window</translation>
        </message>
        <message>
            <source>Clerk</source>
            <translation>Clerk</translation>
        </message>
        <message>
            <source>Wait (min)</source>
            <translation>Wait (min)</translation>
        </message>
        <message>
            <source>Service (min)</source>
            <translation>Service (min)</translation>
        </message>
        <message>
            <source>Rating</source>
            <translation>Rating</translation>
        </message>
        <message>
            <source>Window name</source>
            <translation>Window name</translation>
        </message>
        <message>
            <source>Visitors</source>
            <translation>Visitors</translation>
        </message>
        <message>
            <source>Letter</source>
            <translation>Letter</translation>
        </message>
        <message>
            <source>Hour</source>
            <translation>Hour</translation>
        </message>
        <message>
            <source>Share</source>
            <translation>Share</translation>
        </message>
        <message>
            <source>Peak</source>
            <translation>Peak</translation>
        </message>
        <message>
            <source>Transferred at</source>
            <translation>Transferred at</translation>
        </message>
        <message>
            <source>From window</source>
            <translation>From window</translation>
        </message>
        <message>
            <source>To</source>
            <translation>To</translation>
        </message>
        <message>
            <source>Ratings</source>
            <translation>Ratings</translation>
        </message>
        <message>
            <source>Rated share</source>
            <translation>Rated share</translation>
        </message>
        <message>
            <source>Satisfied</source>
            <translation>Satisfied</translation>
        </message>
        <message>
            <source>Satisfaction rate</source>
            <translation>Satisfaction rate</translation>
        </message>
        <message>
            <source>Bad ratings</source>
            <translation>Bad ratings</translation>
        </message>
        <message>
            <source>Bad ratings open</source>
            <translation>Bad ratings open</translation>
        </message>
        <message>
            <source>Follow-ups overdue</source>
            <translation>Follow-ups overdue</translation>
        </message>
        <message>
            <source>Bad ratings answered</source>
            <translation>Bad ratings answered</translation>
        </message>
        <message>
            <source>Very satisfied</source>
            <translation>Very satisfied</translation>
        </message>
        <message>
            <source>Satisfied (level)</source>
            <translation>Satisfied (level)</translation>
        </message>
        <message>
            <source>Basically satisfied</source>
            <translation>Basically satisfied</translation>
        </message>
        <message>
            <source>Dissatisfied</source>
            <translation>Dissatisfied</translation>
        </message>
        <message>
            <source>Very dissatisfied</source>
            <translation>Very dissatisfied</translation>
        </message>
        <message>
            <source>Follow-up</source>
            <translation>Follow-up</translation>
        </message>
        <message>
            <source>Follow-up due</source>
            <translation>Follow-up due</translation>
        </message>
        <message>
            <source>Answered at</source>
            <translation>Answered at</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>Answer</translation>
        </message>
        <message>
            <source>Level</source>
            <translation>Level</translation>
        </message>
        <message>
            <source>Received</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Of which reviews</source>
            <translation>Of which reviews</translation>
        </message>
        <message>
            <source>Of which rechecks</source>
            <translation>Of which rechecks</translation>
        </message>
        <message>
            <source>Accepted</source>
            <translation>Accepted</translation>
        </message>
        <message>
            <source>Not accepted</source>
            <translation>Not accepted</translation>
        </message>
        <message>
            <source>Concluded</source>
            <translation>Concluded</translation>
        </message>
        <message>
            <source>Concluded on time</source>
            <translation>Concluded on time</translation>
        </message>
        <message>
            <source>On-time rate</source>
            <translation>On-time rate</translation>
        </message>
        <message>
            <source>In progress</source>
            <translation>In progress</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <source>Extensions</source>
            <translation>Extensions</translation>
        </message>
        <message>
            <source>Repeat visits</source>
            <translation>Repeat visits</translation>
        </message>
        <message>
            <source>Supervision notes</source>
            <translation>Supervision notes</translation>
        </message>
        <message>
            <source>Withdrawn</source>
            <translation>Withdrawn</translation>
        </message>
        <message>
            <source>Followed up</source>
            <translation>Followed up</translation>
        </message>
        <message>
            <source>Follow-up satisfaction</source>
            <translation>Follow-up satisfaction</translation>
        </message>
        <message>
            <source>Case number</source>
            <translation>Case number</translation>
        </message>
        <message>
            <source>Kind of case</source>
            <translation>Kind of case</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Source</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>Petitioners</source>
            <translation>Petitioners</translation>
        </message>
        <message>
            <source>Village or community</source>
            <translation>Village or community</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>Department</translation>
        </message>
        <message>
            <source>Received on</source>
            <translation>Received on</translation>
        </message>
        <message>
            <source>Accepted on</source>
            <translation>Accepted on</translation>
        </message>
        <message>
            <source>Due to conclude</source>
            <translation>Due to conclude</translation>
        </message>
        <message>
            <source>Replied on</source>
            <translation>Replied on</translation>
        </message>
        <message>
            <source>Closed on</source>
            <translation>Closed on</translation>
        </message>
        <message>
            <source>Overdue state</source>
            <translation>Overdue state</translation>
        </message>
        <message>
            <source>Assigned</source>
            <translation>Assigned</translation>
        </message>
        <message>
            <source>Overdue step</source>
            <translation>Overdue step</translation>
        </message>
        <message>
            <source>Due on</source>
            <translation>Due on</translation>
        </message>
        <message>
            <source>Days overdue</source>
            <translation>Days overdue</translation>
        </message>
        <message>
            <source>Supervision notes so far</source>
            <translation>Supervision notes so far</translation>
        </message>
        <message>
            <source>Overdue matters</source>
            <translation>Overdue matters</translation>
        </message>
        <message>
            <source>Of which not concluded</source>
            <translation>Of which not concluded</translation>
        </message>
        <message>
            <source>Most days overdue</source>
            <translation>Most days overdue</translation>
        </message>
        <message>
            <source>Visited at</source>
            <translation>Visited at</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Days</source>
            <translation>Days</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Decision</source>
            <translation>Decision</translation>
        </message>
        <message>
            <source>Requested at</source>
            <translation>Requested at</translation>
        </message>
        <message>
            <source>Decided at</source>
            <translation>Decided at</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>Closed</translation>
        </message>
        <message>
            <source>Settled</source>
            <translation>Settled</translation>
        </message>
        <message>
            <source>Success rate</source>
            <translation>Success rate</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>Failed</translation>
        </message>
        <message>
            <source>Terminated</source>
            <translation>Terminated</translation>
        </message>
        <message>
            <source>Referred</source>
            <translation>Referred</translation>
        </message>
        <message>
            <source>Open disputes</source>
            <translation>Open disputes</translation>
        </message>
        <message>
            <source>Agreements</source>
            <translation>Agreements</translation>
        </message>
        <message>
            <source>Agreements performed</source>
            <translation>Agreements performed</translation>
        </message>
        <message>
            <source>Partly performed</source>
            <translation>Partly performed</translation>
        </message>
        <message>
            <source>Performance rate</source>
            <translation>Performance rate</translation>
        </message>
        <message>
            <source>Judicial confirmation applied</source>
            <translation>Judicial confirmation applied</translation>
        </message>
        <message>
            <source>Judicially confirmed</source>
            <translation>Judicially confirmed</translation>
        </message>
        <message>
            <source>Confirmation rejected</source>
            <translation>Confirmation rejected</translation>
        </message>
        <message>
            <source>Sessions</source>
            <translation>Sessions</translation>
        </message>
        <message>
            <source>Dispute type</source>
            <translation>Dispute type</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>Subject</translation>
        </message>
        <message>
            <source>Parties</source>
            <translation>Parties</translation>
        </message>
        <message>
            <source>Performance</source>
            <translation>Performance</translation>
        </message>
        <message>
            <source>Previous period received</source>
            <translation>Previous period received</translation>
        </message>
        <message>
            <source>Room</source>
            <translation>Room</translation>
        </message>
        <message>
            <source>Hours used</source>
            <translation>Hours used</translation>
        </message>
        <message>
            <source>Bookings to come</source>
            <translation>Bookings to come</translation>
        </message>
        <message>
            <source>Hours open</source>
            <translation>Hours open</translation>
        </message>
        <message>
            <source>Utilisation</source>
            <translation>Utilisation</translation>
        </message>
        <message>
            <source>Applied on</source>
            <translation>Applied on</translation>
        </message>
        <message>
            <source>Decided on</source>
            <translation>Decided on</translation>
        </message>
        <message>
            <source>Court</source>
            <translation>Court</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>Start</translation>
        </message>
        <message>
            <source>End</source>
            <translation>End</translation>
        </message>
        <message>
            <source>Hours</source>
            <translation>Hours</translation>
        </message>
        <message>
            <source>Total</source>
            <translation>Total</translation>
        </message>
        <message>
            <source>Previous total</source>
            <translation>Previous total</translation>
        </message>
        <message>
            <source>Grid</source>
            <translation>Grid</translation>
        </message>
        <message>
            <source>Rank</source>
            <translation>Rank</translation>
        </message>
        <message>
            <source>Domain</source>
            <translation>Domain</translation>
        </message>
        <message>
            <source>Previous rank</source>
            <translation>Previous rank</translation>
        </message>
        <message>
            <source>Petitions received</source>
            <translation>Petitions received</translation>
        </message>
        <message>
            <source>Petitions concluded</source>
            <translation>Petitions concluded</translation>
        </message>
        <message>
            <source>Disputes received</source>
            <translation>Disputes received</translation>
        </message>
        <message>
            <source>Disputes closed</source>
            <translation>Disputes closed</translation>
        </message>
        <message>
            <source>Category or type</source>
            <translation>Category or type</translation>
        </message>
        <message>
            <source>Concluded on</source>
            <translation>Concluded on</translation>
        </message>
        <message>
            <source>Deadlines on a provisional calendar</source>
            <translation>Deadlines on a provisional calendar</translation>
        </message>
        <message>
            <source>Provisional calendar years</source>
            <translation>Provisional calendar years</translation>
        </message>
        <message>
            <source>Open petitions with a provisional deadline</source>
            <translation>Open petitions with a provisional deadline</translation>
        </message>
        <message>
            <source>Current deadline</source>
            <translation>Current deadline</translation>
        </message>
        <message>
            <source>Matter register</source>
            <translation>Matter register</translation>
        </message>
        <message>
            <source>Matters overview (one code per matter)</source>
            <translation>Matters overview (one code per matter)</translation>
        </message>
        <message>
            <source>Matters registered</source>
            <translation>Matters registered</translation>
        </message>
        <message>
            <source>Matters concluded</source>
            <translation>Matters concluded</translation>
        </message>
        <message>
            <source>Matters in progress</source>
            <translation>Matters in progress</translation>
        </message>
        <message>
            <source>Handovers</source>
            <translation>Handovers</translation>
        </message>
        <message>
            <source>Handovers not acknowledged in time</source>
            <translation>Handovers not acknowledged in time</translation>
        </message>
        <message>
            <source>Outcome ratings</source>
            <translation>Outcome ratings</translation>
        </message>
        <message>
            <source>Outcomes rated satisfied</source>
            <translation>Outcomes rated satisfied</translation>
        </message>
        <message>
            <source>Outcome satisfaction rate</source>
            <translation>Outcome satisfaction rate</translation>
        </message>
        <message>
            <source>Outcomes rated bad</source>
            <translation>Outcomes rated bad</translation>
        </message>
        <message>
            <source>Matters per kind</source>
            <translation>Matters per kind</translation>
        </message>
        <message>
            <source>Kind of matter</source>
            <translation>Kind of matter</translation>
        </message>
        <message>
            <source>Matters per route</source>
            <translation>Matters per route</translation>
        </message>
        <message>
            <source>Route</source>
            <translation>Route</translation>
        </message>
        <message>
            <source>Entered this period</source>
            <translation>Entered this period</translation>
        </message>
        <message>
            <source>On it at the end</source>
            <translation>On it at the end</translation>
        </message>
    </context>
    <context>
        <name>ReportMessages</name>
        <message>
            <source>The period starts on %1, after today (%2): there is nothing to report yet.</source>
            <translation>The period starts on %1, after today (%2): there is nothing to report yet.</translation>
        </message>
        <message>
            <source>a folder of that name is there</source>
            <translation>a folder of that name is there</translation>
        </message>
        <message>
            <source>its folder does not exist</source>
            <translation>its folder does not exist</translation>
        </message>
        <message>
            <source>a read-only file of that name is there</source>
            <translation>a read-only file of that name is there</translation>
        </message>
        <message>
            <source>you may not write in that folder</source>
            <translation>you may not write in that folder</translation>
        </message>
        <message>
            <source>the disk is full</source>
            <translation>the disk is full</translation>
        </message>
        <message>
            <source>the disk is read-only</source>
            <translation>the disk is read-only</translation>
        </message>
        <message>
            <source>the name is too long</source>
            <translation>the name is too long</translation>
        </message>
        <message>
            <source>the system refused to write it</source>
            <translation>the system refused to write it</translation>
        </message>
        <message>
            <source>the system refused to write it (error %1)</source>
            <translation>the system refused to write it (error %1)</translation>
        </message>
        <message>
            <source>The report cannot be saved as %1: %2. Choose another folder or file name.</source>
            <translation>The report cannot be saved as %1: %2. Choose another folder or file name.</translation>
        </message>
        <message>
            <source>The report was cancelled; no file was written.</source>
            <translation>The report was cancelled; no file was written.</translation>
        </message>
    </context>
    <context>
        <name>ReportsArea</name>
        <message>
            <source>Day</source>
            <translation>Day</translation>
        </message>
        <message>
            <source>Week</source>
            <translation>Week</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>Month</translation>
        </message>
        <message>
            <source>Year</source>
            <translation>Year</translation>
        </message>
        <message>
            <source>Custom</source>
            <translation>Custom</translation>
        </message>
        <message>
            <source>The period the figures cover</source>
            <translation>The period the figures cover</translation>
        </message>
        <message>
            <source>to</source>
            <translation>to</translation>
        </message>
        <message>
            <source>Previous period (Alt+Left)</source>
            <translation>Previous period (Alt+Left)</translation>
        </message>
        <message>
            <source>Next period (Alt+Right)</source>
            <translation>Next period (Alt+Right)</translation>
        </message>
        <message>
            <source>&amp;Today</source>
            <translation>&amp;Today</translation>
        </message>
        <message>
            <source>Back to the period that contains today (Alt+Home)</source>
            <translation>Back to the period that contains today (Alt+Home)</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Refresh</translation>
        </message>
        <message>
            <source>Read the figures again (F5)</source>
            <translation>Read the figures again (F5)</translation>
        </message>
        <message>
            <source>&amp;Generate report…</source>
            <translation>&amp;Generate report…</translation>
        </message>
        <message>
            <source>Daily brief, weekly bulletin, monthly or yearly report as PDF or Excel (Ctrl+G)</source>
            <translation>Daily brief, weekly bulletin, monthly or yearly report as PDF or Excel (Ctrl+G)</translation>
        </message>
        <message>
            <source>No tickets, petitions or disputes in this period.</source>
            <translation>No tickets, petitions or disputes in this period.</translation>
        </message>
        <message>
            <source>Today live</source>
            <translation>Today live</translation>
        </message>
        <message>
            <source>Service</source>
            <translation>Service</translation>
        </message>
        <message>
            <source>Waiting</source>
            <translation>Waiting</translation>
        </message>
        <message>
            <source>Longest wait (min)</source>
            <translation>Longest wait (min)</translation>
        </message>
        <message>
            <source>Open windows</source>
            <translation>Open windows</translation>
        </message>
        <message>
            <source>Served</source>
            <translation>Served</translation>
        </message>
        <message>
            <source>This period and the previous one</source>
            <translation>This period and the previous one</translation>
        </message>
        <message>
            <source>Area</source>
            <translation>Area</translation>
        </message>
        <message>
            <source>Figure</source>
            <translation>Figure</translation>
        </message>
        <message>
            <source>Click a number to list the records behind it</source>
            <translation>Click a number to list the records behind it</translation>
        </message>
        <message>
            <source>This period</source>
            <translation>This period</translation>
        </message>
        <message>
            <source>Previous</source>
            <translation>Previous</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>Change</translation>
        </message>
        <message>
            <source>yyyy-MM</source>
            <comment>display format of a month</comment>
            <translation>yyyy-MM</translation>
        </message>
        <message>
            <source>yyyy</source>
            <comment>display format of a year</comment>
            <translation>yyyy</translation>
        </message>
        <message>
            <source>Any day of the week (Monday to Sunday)</source>
            <translation>Any day of the week (Monday to Sunday)</translation>
        </message>
        <message>
            <source>Refreshing…</source>
            <translation>Refreshing…</translation>
        </message>
        <message>
            <source>%1 to %2</source>
            <translation>%1 to %2</translation>
        </message>
        <message>
            <source>%1 until %2</source>
            <translation>%1 until %2</translation>
        </message>
        <message>
            <source>%1, same span up to %2</source>
            <translation>%1, same span up to %2</translation>
        </message>
        <message>
            <source>%1 (previous: %2)</source>
            <translation>%1 (previous: %2)</translation>
        </message>
        <message>
            <source>as of %1</source>
            <translation>as of %1</translation>
        </message>
        <message>
            <source>Updated at %1</source>
            <translation>Updated at %1</translation>
        </message>
        <message>
            <source>Waits by hour (min)</source>
            <translation>Waits by hour (min)</translation>
        </message>
        <message>
            <source>Visitors per window</source>
            <translation>Visitors per window</translation>
        </message>
        <message>
            <source>Cases received and concluded</source>
            <translation>Cases received and concluded</translation>
        </message>
        <message>
            <source>No days yet</source>
            <translation>No days yet</translation>
        </message>
        <message>
            <source>Overdue matters by department</source>
            <translation>Overdue matters by department</translation>
        </message>
        <message>
            <source>Nothing is overdue</source>
            <translation>Nothing is overdue</translation>
        </message>
        <message>
            <source>Today live (%1)</source>
            <translation>Today live (%1)</translation>
        </message>
        <message>
            <source>Waiting: %1 · longest wait %2 min · served today: %3</source>
            <translation>Waiting: %1 · longest wait %2 min · served today: %3</translation>
        </message>
        <message>
            <source>Windows: %1 serving · %2 free · %3 paused · %4 closed</source>
            <translation>Windows: %1 serving · %2 free · %3 paused · %4 closed</translation>
        </message>
        <message>
            <source>this period</source>
            <translation>this period</translation>
        </message>
        <message>
            <source>previous period</source>
            <translation>previous period</translation>
        </message>
    </context>
    <context>
        <name>RequeueDialog</name>
        <message>
            <source>Re-queue a late arrival</source>
            <translation>Re-queue a late arrival</translation>
        </message>
        <message>
            <source>%1 %2 — last called %3</source>
            <translation>%1 %2 — last called %3</translation>
        </message>
        <message>
            <source>No ticket has been marked as a no-show today.</source>
            <translation>No ticket has been marked as a no-show today.</translation>
        </message>
        <message>
            <source>Re-queue</source>
            <translation>Re-queue</translation>
        </message>
    </context>
    <context>
        <name>ResetPasswordDialog</name>
        <message>
            <source>Reset password of %1</source>
            <translation>Reset password of %1</translation>
        </message>
        <message>
            <source>&amp;New password:</source>
            <translation>&amp;New password:</translation>
        </message>
        <message>
            <source>&amp;Confirm password:</source>
            <translation>&amp;Confirm password:</translation>
        </message>
        <message>
            <source>Tell the user the new password in person; they can change it under File › Change password.</source>
            <translation>Tell the user the new password in person; they can change it under File › Change password.</translation>
        </message>
    </context>
    <context>
        <name>Roles</name>
        <message>
            <source>Administrator</source>
            <translation>Administrator</translation>
        </message>
        <message>
            <source>Director</source>
            <translation>Director</translation>
        </message>
        <message>
            <source>Supervisor</source>
            <translation>Supervisor</translation>
        </message>
        <message>
            <source>Window clerk</source>
            <translation>Window clerk</translation>
        </message>
        <message>
            <source>Mediator</source>
            <translation>Mediator</translation>
        </message>
        <message>
            <source>System</source>
            <translation>System</translation>
        </message>
    </context>
    <context>
        <name>RoomDialog</name>
        <message>
            <source>New room</source>
            <translation>New room</translation>
        </message>
        <message>
            <source>Edit room</source>
            <translation>Edit room</translation>
        </message>
        <message>
            <source>In &amp;use (can be booked)</source>
            <translation>In &amp;use (can be booked)</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>&amp;Name:</translation>
        </message>
        <message>
            <source>&amp;Kind:</source>
            <translation>&amp;Kind:</translation>
        </message>
        <message>
            <source>&amp;Seats:</source>
            <translation>&amp;Seats:</translation>
        </message>
        <message>
            <source>&amp;Order:</source>
            <translation>&amp;Order:</translation>
        </message>
    </context>
    <context>
        <name>RoomKinds</name>
        <message>
            <source>Mediation room</source>
            <translation>Mediation room</translation>
        </message>
        <message>
            <source>Leaders' reception room</source>
            <translation>Leaders' reception room</translation>
        </message>
        <message>
            <source>Coordination / meeting room</source>
            <translation>Coordination / meeting room</translation>
        </message>
        <message>
            <source>Counselling room</source>
            <translation>Counselling room</translation>
        </message>
        <message>
            <source>Hearing room</source>
            <translation>Hearing room</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Other</translation>
        </message>
    </context>
    <context>
        <name>RoomPager</name>
        <message>
            <source>Previous rooms</source>
            <translation>Previous rooms</translation>
        </message>
        <message>
            <source>Next rooms</source>
            <translation>Next rooms</translation>
        </message>
        <message>
            <source>Rooms %1–%2 of %3</source>
            <translation>Rooms %1–%2 of %3</translation>
        </message>
    </context>
    <context>
        <name>RoomsScreen</name>
        <message>
            <source>Rooms</source>
            <translation>Rooms</translation>
        </message>
        <message>
            <source>Room</source>
            <translation>Room</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Seats</source>
            <translation>Seats</translation>
        </message>
        <message>
            <source>Order</source>
            <translation>Order</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>&amp;New room…</source>
            <translation>&amp;New room…</translation>
        </message>
    </context>
    <context>
        <name>RouteMap</name>
        <message>
            <source>Window service</source>
            <translation>Window service</translation>
        </message>
        <message>
            <source>Petition</source>
            <translation>Petition</translation>
        </message>
        <message>
            <source>Review</source>
            <translation>Review</translation>
        </message>
        <message>
            <source>Re-examination</source>
            <translation>Re-examination</translation>
        </message>
        <message>
            <source>People's mediation</source>
            <translation>People's mediation</translation>
        </message>
        <message>
            <source>Judicial confirmation</source>
            <translation>Judicial confirmation</translation>
        </message>
        <message>
            <source>Arbitration</source>
            <translation>Arbitration</translation>
        </message>
        <message>
            <source>Litigation</source>
            <translation>Litigation</translation>
        </message>
        <message>
            <source>in progress</source>
            <translation>in progress</translation>
        </message>
        <message>
            <source>concluded</source>
            <translation>concluded</translation>
        </message>
        <message>
            <source>Step</source>
            <translation>Step</translation>
        </message>
        <message>
            <source>Route</source>
            <translation>Route</translation>
        </message>
        <message>
            <source>Entered</source>
            <translation>Entered</translation>
        </message>
        <message>
            <source>Left</source>
            <translation>Left</translation>
        </message>
        <message>
            <source>Days</source>
            <translation>Days</translation>
        </message>
        <message>
            <source>Deadline</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Handled by</source>
            <translation>Handled by</translation>
        </message>
        <message>
            <source>Route map</source>
            <translation>Route map</translation>
        </message>
        <message>
            <source>Matter code &lt;b&gt;%1&lt;/b&gt; · %2 · answered for by %3</source>
            <translation>Matter code &lt;b&gt;%1&lt;/b&gt; · %2 · answered for by %3</translation>
        </message>
        <message>
            <source>Handed over to %1 on %2, not acknowledged yet</source>
            <translation>Handed over to %1 on %2, not acknowledged yet</translation>
        </message>
        <message>
            <source>Outcome: %1</source>
            <translation>Outcome: %1</translation>
        </message>
        <message>
            <source>This case was stored before matters had codes.</source>
            <translation>This case was stored before matters had codes.</translation>
        </message>
    </context>
    <context>
        <name>ScheduleArea</name>
        <message>
            <source>Day</source>
            <translation>Day</translation>
        </message>
        <message>
            <source>Week</source>
            <translation>Week</translation>
        </message>
        <message>
            <source>Earlier</source>
            <translation>Earlier</translation>
        </message>
        <message>
            <source>Later</source>
            <translation>Later</translation>
        </message>
        <message>
            <source>&amp;Today</source>
            <translation>&amp;Today</translation>
        </message>
        <message>
            <source>&amp;New booking…</source>
            <translation>&amp;New booking…</translation>
        </message>
        <message>
            <source>Book the earliest time that suits the room, the mediators and the parties</source>
            <translation>Book the earliest time that suits the room, the mediators and the parties</translation>
        </message>
        <message>
            <source>&amp;Print room day…</source>
            <translation>&amp;Print room day…</translation>
        </message>
        <message>
            <source>Print the day of the room under the cursor, to post on its door</source>
            <translation>Print the day of the room under the cursor, to post on its door</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>&amp;Open…</source>
            <translation>&amp;Open…</translation>
        </message>
        <message>
            <source>Move or change the selected session</source>
            <translation>Move or change the selected session</translation>
        </message>
        <message>
            <source>Find a &amp;slot…</source>
            <translation>Find a &amp;slot…</translation>
        </message>
        <message>
            <source>Confir&amp;m</source>
            <translation>Confir&amp;m</translation>
        </message>
        <message>
            <source>&amp;Cancel session…</source>
            <translation>&amp;Cancel session…</translation>
        </message>
        <message>
            <source>No-show</source>
            <translation>No-show</translation>
        </message>
        <message>
            <source>&amp;Record session…</source>
            <translation>&amp;Record session…</translation>
        </message>
        <message>
            <source>Open c&amp;ase</source>
            <translation>Open c&amp;ase</translation>
        </message>
        <message>
            <source>Drag down a room's column to book · drag a session to move it · arrows move the cursor, Shift+arrows select, Enter books · Ctrl+arrows move the selected session</source>
            <translation>Drag down a room's column to book · drag a session to move it · arrows move the cursor, Shift+arrows select, Enter books · Ctrl+arrows move the selected session</translation>
        </message>
        <message>
            <source>Week of %1 – %2</source>
            <translation>Week of %1 – %2</translation>
        </message>
        <message>
            <source>No session selected.</source>
            <translation>No session selected.</translation>
        </message>
        <message>
            <source>Mediators: %1</source>
            <translation>Mediators: %1</translation>
        </message>
        <message>
            <source>Parties: %1</source>
            <translation>Parties: %1</translation>
        </message>
        <message>
            <source>Booked: %1 %2 %3–%4 in %5.</source>
            <translation>Booked: %1 %2 %3–%4 in %5.</translation>
        </message>
        <message>
            <source>Free: drop to move the session here.</source>
            <translation>Free: drop to move the session here.</translation>
        </message>
        <message>
            <source>Cannot move here:</source>
            <translation>Cannot move here:</translation>
        </message>
        <message>
            <source>%1 was not moved.</source>
            <translation>%1 was not moved.</translation>
        </message>
        <message>
            <source>Outside opening hours</source>
            <translation>Outside opening hours</translation>
        </message>
        <message>
            <source>Move the session there anyway?</source>
            <translation>Move the session there anyway?</translation>
        </message>
        <message>
            <source>Moved: %1 now %2 %3–%4 in %5.</source>
            <translation>Moved: %1 now %2 %3–%4 in %5.</translation>
        </message>
        <message>
            <source>Confirmed: %1.</source>
            <translation>Confirmed: %1.</translation>
        </message>
        <message>
            <source>Cancel session</source>
            <translation>Cancel session</translation>
        </message>
        <message>
            <source>Why is the session of %1 on %2 %3 cancelled?</source>
            <translation>Why is the session of %1 on %2 %3 cancelled?</translation>
        </message>
        <message>
            <source>Cancelled: %1.</source>
            <translation>Cancelled: %1.</translation>
        </message>
        <message>
            <source>Marked as no-show: %1.</source>
            <translation>Marked as no-show: %1.</translation>
        </message>
        <message>
            <source>Record saved: %1.</source>
            <translation>Record saved: %1.</translation>
        </message>
        <message>
            <source>The day of %1 on %2 was opened for printing.</source>
            <translation>The day of %1 on %2 was opened for printing.</translation>
        </message>
    </context>
    <context>
        <name>ServiceDialog</name>
        <message>
            <source>New queue service</source>
            <translation>New queue service</translation>
        </message>
        <message>
            <source>Edit queue service %1</source>
            <translation>Edit queue service %1</translation>
        </message>
        <message>
            <source>One capital letter A–Z; tickets are numbered A001, A002 …</source>
            <translation>One capital letter A–Z; tickets are numbered A001, A002 …</translation>
        </message>
        <message>
            <source>In &amp;use (the kiosk offers it)</source>
            <translation>In &amp;use (the kiosk offers it)</translation>
        </message>
        <message>
            <source>Ticket &amp;letter:</source>
            <translation>Ticket &amp;letter:</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>&amp;Name:</translation>
        </message>
        <message>
            <source>&amp;Description:</source>
            <translation>&amp;Description:</translation>
        </message>
        <message>
            <source>&amp;Order:</source>
            <translation>&amp;Order:</translation>
        </message>
    </context>
    <context>
        <name>SessionDialog</name>
        <message>
            <source>Session record — %1</source>
            <translation>Session record — %1</translation>
        </message>
        <message>
            <source>One paragraph per speaker, e.g.
调解员：请申请人陈述纠纷经过。
申请人李明：……
被申请人赵强：……</source>
            <translation>One paragraph per speaker, e.g.
调解员：请申请人陈述纠纷经过。
申请人李明：……
被申请人赵强：……</translation>
        </message>
        <message>
            <source>Case:</source>
            <translation>Case:</translation>
        </message>
        <message>
            <source>&amp;Start:</source>
            <translation>&amp;Start:</translation>
        </message>
        <message>
            <source>&amp;End:</source>
            <translation>&amp;End:</translation>
        </message>
        <message>
            <source>&amp;Place:</source>
            <translation>&amp;Place:</translation>
        </message>
        <message>
            <source>&amp;Mediators:</source>
            <translation>&amp;Mediators:</translation>
        </message>
        <message>
            <source>&amp;Attendees:</source>
            <translation>&amp;Attendees:</translation>
        </message>
        <message>
            <source>Re&amp;corder:</source>
            <translation>Re&amp;corder:</translation>
        </message>
        <message>
            <source>Save record</source>
            <translation>Save record</translation>
        </message>
        <message>
            <source>Print rec&amp;ord</source>
            <translation>Print rec&amp;ord</translation>
        </message>
        <message>
            <source>&amp;Record:</source>
            <translation>&amp;Record:</translation>
        </message>
    </context>
    <context>
        <name>SetupWizard</name>
        <message>
            <source>OneStop — First-run setup</source>
            <translation>OneStop — First-run setup</translation>
        </message>
        <message>
            <source>Welcome to OneStop</source>
            <translation>Welcome to OneStop</translation>
        </message>
        <message>
            <source>One-stop comprehensive service center workbench</source>
            <translation>One-stop comprehensive service center workbench</translation>
        </message>
        <message>
            <source>This database is new. The next two steps set up your center: its name and the abbreviation used in case numbers, opening hours, and the first administrator account.

The 17 service windows, the mediation rooms, departments, petition categories, dispute types and the official holiday calendar are filled in with sensible defaults that the administrator can change later.</source>
            <translation>This database is new. The next two steps set up your center: its name and the abbreviation used in case numbers, opening hours, and the first administrator account.

The 17 service windows, the mediation rooms, departments, petition categories, dispute types and the official holiday calendar are filled in with sensible defaults that the administrator can change later.</translation>
        </message>
        <message>
            <source>Your center</source>
            <translation>Your center</translation>
        </message>
        <message>
            <source>Case numbers look like （2026）虎信字第034号, where 虎 is the abbreviation.</source>
            <translation>Case numbers look like （2026）虎信字第034号, where 虎 is the abbreviation.</translation>
        </message>
        <message>
            <source>e.g. 虎丘镇一站式综合服务中心</source>
            <translation>e.g. 虎丘镇一站式综合服务中心</translation>
        </message>
        <message>
            <source>Center &amp;name:</source>
            <translation>Center &amp;name:</translation>
        </message>
        <message>
            <source>Case number &amp;abbreviation:</source>
            <translation>Case number &amp;abbreviation:</translation>
        </message>
        <message>
            <source>Case numbers:</source>
            <translation>Case numbers:</translation>
        </message>
        <message>
            <source>Opens at:</source>
            <translation>Opens at:</translation>
        </message>
        <message>
            <source>Closes at:</source>
            <translation>Closes at:</translation>
        </message>
        <message>
            <source>First administrator</source>
            <translation>First administrator</translation>
        </message>
        <message>
            <source>The administrator adds the other staff accounts afterwards.</source>
            <translation>The administrator adds the other staff accounts afterwards.</translation>
        </message>
        <message>
            <source>&amp;User name:</source>
            <translation>&amp;User name:</translation>
        </message>
        <message>
            <source>Full &amp;name:</source>
            <translation>Full &amp;name:</translation>
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation>&amp;Password:</translation>
        </message>
        <message>
            <source>&amp;Confirm password:</source>
            <translation>&amp;Confirm password:</translation>
        </message>
        <message>
            <source>At least 8 characters, with letters and digits.</source>
            <translation>At least 8 characters, with letters and digits.</translation>
        </message>
        <message>
            <source>%1 (petitions), %2 (mediation)</source>
            <translation>%1 (petitions), %2 (mediation)</translation>
        </message>
        <message>
            <source>The two passwords differ.</source>
            <translation>The two passwords differ.</translation>
        </message>
    </context>
    <context>
        <name>SigningDialog</name>
        <message>
            <source>Signing</source>
            <translation>Signing</translation>
        </message>
        <message>
            <source>Oral agreement</source>
            <translation>Oral agreement</translation>
        </message>
        <message>
            <source>A written agreement takes effect when every party has signed, sealed or fingerprinted it, the mediator has signed it and the committee has sealed it. Tick what is on the signed agreement:</source>
            <translation>A written agreement takes effect when every party has signed, sealed or fingerprinted it, the mediator has signed it and the committee has sealed it. Tick what is on the signed agreement:</translation>
        </message>
        <message>
            <source>Mediator %1</source>
            <translation>Mediator %1</translation>
        </message>
        <message>
            <source>The committee's seal</source>
            <translation>The committee's seal</translation>
        </message>
        <message>
            <source>&amp;All signed</source>
            <translation>&amp;All signed</translation>
        </message>
        <message>
            <source>Tick every party, the mediator and the seal</source>
            <translation>Tick every party, the mediator and the seal</translation>
        </message>
        <message>
            <source>Signed &amp;on:</source>
            <translation>Signed &amp;on:</translation>
        </message>
        <message>
            <source>Agreed &amp;on:</source>
            <translation>Agreed &amp;on:</translation>
        </message>
        <message>
            <source>An oral agreement takes effect when the parties agree.</source>
            <translation>An oral agreement takes effect when the parties agree.</translation>
        </message>
    </context>
    <context>
        <name>Speech</name>
        <message>
            <source>Mandarin (espeak-ng, letters read as pinyin)</source>
            <translation>Mandarin (espeak-ng, letters read as pinyin)</translation>
        </message>
        <message>
            <source>Mandarin (espeak-ng, letters read as English)</source>
            <translation>Mandarin (espeak-ng, letters read as English)</translation>
        </message>
    </context>
    <context>
        <name>SynonymDialog</name>
        <message>
            <source>Category synonym</source>
            <translation>Category synonym</translation>
        </message>
        <message>
            <source>Name on the platform:</source>
            <translation>Name on the platform:</translation>
        </message>
        <message>
            <source>Our category:</source>
            <translation>Our category:</translation>
        </message>
    </context>
    <context>
        <name>SynonymEditor</name>
        <message>
            <source>Category synonyms</source>
            <translation>Category synonyms</translation>
        </message>
        <message>
            <source>Name on the platform</source>
            <translation>Name on the platform</translation>
        </message>
        <message>
            <source>Our category</source>
            <translation>Our category</translation>
        </message>
        <message>
            <source>Domain</source>
            <translation>Domain</translation>
        </message>
        <message>
            <source>&amp;Add…</source>
            <translation>&amp;Add…</translation>
        </message>
        <message>
            <source>Add a synonym</source>
            <translation>Add a synonym</translation>
        </message>
        <message>
            <source>&amp;Edit…</source>
            <translation>&amp;Edit…</translation>
        </message>
        <message>
            <source>Edit the selected synonym (Enter, F2)</source>
            <translation>Edit the selected synonym (Enter, F2)</translation>
        </message>
        <message>
            <source>&amp;Remove</source>
            <translation>&amp;Remove</translation>
        </message>
        <message>
            <source>Remove the selected synonym</source>
            <translation>Remove the selected synonym</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Imports</source>
            <translation>Imports</translation>
        </message>
        <message>
            <source>Names that went to 其他 in recent imports</source>
            <translation>Names that went to 其他 in recent imports</translation>
        </message>
        <message>
            <source>Double-click a name to say which category it means.</source>
            <translation>Double-click a name to say which category it means.</translation>
        </message>
        <message>
            <source>Remove the synonym “%1”?</source>
            <translation>Remove the synonym “%1”?</translation>
        </message>
    </context>
    <context>
        <name>TicketPrinter</name>
        <message>
            <source>Your number</source>
            <translation>Your number</translation>
        </message>
        <message>
            <source>Priority lane</source>
            <translation>Priority lane</translation>
        </message>
        <message>
            <source>Appointment</source>
            <translation>Appointment</translation>
        </message>
        <message>
            <source>%1 people are waiting before you</source>
            <translation>%1 people are waiting before you</translation>
        </message>
        <message>
            <source>Nobody is waiting before you</source>
            <translation>Nobody is waiting before you</translation>
        </message>
        <message>
            <source>Issued %1</source>
            <translation>Issued %1</translation>
        </message>
        <message>
            <source>Please watch the hall display and listen for your number</source>
            <translation>Please watch the hall display and listen for your number</translation>
        </message>
        <message>
            <source>This ticket carries no personal information</source>
            <translation>This ticket carries no personal information</translation>
        </message>
    </context>
    <context>
        <name>TodayPanel</name>
        <message>
            <source>%1 days overdue</source>
            <translation>%1 days overdue</translation>
        </message>
        <message>
            <source>due today</source>
            <translation>due today</translation>
        </message>
        <message>
            <source>%1 days left</source>
            <translation>%1 days left</translation>
        </message>
        <message>
            <source>My day</source>
            <translation>My day</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Room</source>
            <translation>Room</translation>
        </message>
        <message>
            <source>Case</source>
            <translation>Case</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>Subject</translation>
        </message>
        <message>
            <source>Parties</source>
            <translation>Parties</translation>
        </message>
        <message>
            <source>State</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Reminder</source>
            <translation>Reminder</translation>
        </message>
        <message>
            <source>What</source>
            <translation>What</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>Due</translation>
        </message>
        <message>
            <source>Time left</source>
            <translation>Time left</translation>
        </message>
        <message>
            <source>&amp;Record session…</source>
            <translation>&amp;Record session…</translation>
        </message>
        <message>
            <source>&amp;Open case</source>
            <translation>&amp;Open case</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>&lt;b&gt;Today's sessions&lt;/b&gt;</source>
            <translation>&lt;b&gt;Today's sessions&lt;/b&gt;</translation>
        </message>
        <message>
            <source>&lt;b&gt;Needs attention&lt;/b&gt;</source>
            <translation>&lt;b&gt;Needs attention&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Today, %1 — you are not on the mediator roster</source>
            <translation>Today, %1 — you are not on the mediator roster</translation>
        </message>
        <message>
            <source>Today, %1 — %2: %3 sessions, %4 open cases, %5 reminders</source>
            <translation>Today, %1 — %2: %3 sessions, %4 open cases, %5 reminders</translation>
        </message>
        <message>
            <source>Conclude the mediation by %1, or close it</source>
            <translation>Conclude the mediation by %1, or close it</translation>
        </message>
        <message>
            <source>Visit the parties: is the agreement performed, are they satisfied</source>
            <translation>Visit the parties: is the agreement performed, are they satisfied</translation>
        </message>
        <message>
            <source>signed %1</source>
            <translation>signed %1</translation>
        </message>
        <message>
            <source>Record saved.</source>
            <translation>Record saved.</translation>
        </message>
    </context>
    <context>
        <name>TransferDialog</name>
        <message>
            <source>%1 (Enter)</source>
            <translation>%1 (Enter)</translation>
        </message>
        <message>
            <source>Close without saving (Esc)</source>
            <translation>Close without saving (Esc)</translation>
        </message>
        <message>
            <source>Place in the line</source>
            <translation>Place in the line</translation>
        </message>
        <message>
            <source>To the &amp;front</source>
            <translation>To the &amp;front</translation>
        </message>
        <message>
            <source>To the &amp;end</source>
            <translation>To the &amp;end</translation>
        </message>
        <message>
            <source>In its &amp;original order</source>
            <translation>In its &amp;original order</translation>
        </message>
        <message>
            <source>Transfer ticket %1</source>
            <translation>Transfer ticket %1</translation>
        </message>
        <message>
            <source>To a &amp;service</source>
            <translation>To a &amp;service</translation>
        </message>
        <message>
            <source>To a &amp;window</source>
            <translation>To a &amp;window</translation>
        </message>
        <message>
            <source>%1 %2 — %3 waiting, %4 window(s) open</source>
            <translation>%1 %2 — %3 waiting, %4 window(s) open</translation>
        </message>
        <message>
            <source>No window serving it is open now: the ticket will wait.</source>
            <translation>No window serving it is open now: the ticket will wait.</translation>
        </message>
        <message>
            <source>Window %1 %2 — %3</source>
            <translation>Window %1 %2 — %3</translation>
        </message>
        <message>
            <source>Transfer</source>
            <translation>Transfer</translation>
        </message>
        <message>
            <source>Send ticket %1 (%2) to:</source>
            <translation>Send ticket %1 (%2) to:</translation>
        </message>
        <message>
            <source>No window serving %1 is open now. The ticket will wait until one opens.</source>
            <translation>No window serving %1 is open now. The ticket will wait until one opens.</translation>
        </message>
        <message>
            <source>Window %1 is not calling now. The ticket will wait until it does.</source>
            <translation>Window %1 is not calling now. The ticket will wait until it does.</translation>
        </message>
    </context>
    <context>
        <name>UserDialog</name>
        <message>
            <source>New user</source>
            <translation>New user</translation>
        </message>
        <message>
            <source>Edit user %1</source>
            <translation>Edit user %1</translation>
        </message>
        <message>
            <source>Letters, digits, dot, dash and underscore; 2 to 40 characters</source>
            <translation>Letters, digits, dot, dash and underscore; 2 to 40 characters</translation>
        </message>
        <message>
            <source>— none —</source>
            <translation>— none —</translation>
        </message>
        <message>
            <source>Window %1 %2</source>
            <translation>Window %1 %2</translation>
        </message>
        <message>
            <source>&amp;User name:</source>
            <translation>&amp;User name:</translation>
        </message>
        <message>
            <source>Full &amp;name:</source>
            <translation>Full &amp;name:</translation>
        </message>
        <message>
            <source>&amp;Role:</source>
            <translation>&amp;Role:</translation>
        </message>
        <message>
            <source>&amp;Window:</source>
            <translation>&amp;Window:</translation>
        </message>
        <message>
            <source>&amp;Department:</source>
            <translation>&amp;Department:</translation>
        </message>
        <message>
            <source>P&amp;hone:</source>
            <translation>P&amp;hone:</translation>
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation>&amp;Password:</translation>
        </message>
        <message>
            <source>&amp;Confirm password:</source>
            <translation>&amp;Confirm password:</translation>
        </message>
        <message>
            <source>&amp;Active (may sign in)</source>
            <translation>&amp;Active (may sign in)</translation>
        </message>
    </context>
    <context>
        <name>UsersScreen</name>
        <message>
            <source>Staff accounts</source>
            <translation>Staff accounts</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>User name</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>Window</translation>
        </message>
        <message>
            <source>Department</source>
            <translation>Department</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>Locked until</source>
            <translation>Locked until</translation>
        </message>
        <message>
            <source>Last sign-in</source>
            <translation>Last sign-in</translation>
        </message>
        <message>
            <source>&amp;New user…</source>
            <translation>&amp;New user…</translation>
        </message>
        <message>
            <source>Reset &amp;password…</source>
            <translation>Reset &amp;password…</translation>
        </message>
        <message>
            <source>Set a new password for the selected user; this also lifts a lockout</source>
            <translation>Set a new password for the selected user; this also lifts a lockout</translation>
        </message>
        <message>
            <source>&amp;Disable</source>
            <translation>&amp;Disable</translation>
        </message>
        <message>
            <source>Disable or enable the selected account</source>
            <translation>Disable or enable the selected account</translation>
        </message>
        <message>
            <source>&amp;Unlock</source>
            <translation>&amp;Unlock</translation>
        </message>
        <message>
            <source>Lift the lockout after too many wrong passwords</source>
            <translation>Lift the lockout after too many wrong passwords</translation>
        </message>
        <message>
            <source>Ena&amp;ble</source>
            <translation>Ena&amp;ble</translation>
        </message>
        <message>
            <source>Saved.</source>
            <translation>Saved.</translation>
        </message>
        <message>
            <source>The password of %1 has been reset.</source>
            <translation>The password of %1 has been reset.</translation>
        </message>
        <message>
            <source>%1 can sign in again.</source>
            <translation>%1 can sign in again.</translation>
        </message>
        <message>
            <source>%1 can no longer sign in.</source>
            <translation>%1 can no longer sign in.</translation>
        </message>
        <message>
            <source>%1 is unlocked.</source>
            <translation>%1 is unlocked.</translation>
        </message>
    </context>
    <context>
        <name>Validation</name>
        <message>
            <source>User name</source>
            <translation>User name</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Center name</source>
            <translation>Center name</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Room name</source>
            <translation>Room name</translation>
        </message>
        <message>
            <source>Window name</source>
            <translation>Window name</translation>
        </message>
        <message>
            <source>Window description</source>
            <translation>Window description</translation>
        </message>
        <message>
            <source>Service name</source>
            <translation>Service name</translation>
        </message>
        <message>
            <source>Service description</source>
            <translation>Service description</translation>
        </message>
        <message>
            <source>Department name</source>
            <translation>Department name</translation>
        </message>
        <message>
            <source>Contact person</source>
            <translation>Contact person</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>Village</translation>
        </message>
        <message>
            <source>Grid</source>
            <translation>Grid</translation>
        </message>
        <message>
            <source>Work unit</source>
            <translation>Work unit</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>ID number</translation>
        </message>
        <message>
            <source>Petition content</source>
            <translation>Petition content</translation>
        </message>
        <message>
            <source>Requests</source>
            <translation>Requests</translation>
        </message>
        <message>
            <source>Petitioners' names (together)</source>
            <translation>Petitioners' names (together)</translation>
        </message>
        <message>
            <source>Dispute title</source>
            <translation>Dispute title</translation>
        </message>
        <message>
            <source>Facts of the dispute</source>
            <translation>Facts of the dispute</translation>
        </message>
        <message>
            <source>Matters in dispute</source>
            <translation>Matters in dispute</translation>
        </message>
        <message>
            <source>Parties' names (together)</source>
            <translation>Parties' names (together)</translation>
        </message>
        <message>
            <source>Referred by</source>
            <translation>Referred by</translation>
        </message>
        <message>
            <source>Party name</source>
            <translation>Party name</translation>
        </message>
        <message>
            <source>Address of the organisation</source>
            <translation>Address of the organisation</translation>
        </message>
        <message>
            <source>Representative</source>
            <translation>Representative</translation>
        </message>
        <message>
            <source>Booking note</source>
            <translation>Booking note</translation>
        </message>
        <message>
            <source>Start time</source>
            <translation>Start time</translation>
        </message>
        <message>
            <source>End time</source>
            <translation>End time</translation>
        </message>
        <message>
            <source>Appointment day</source>
            <translation>Appointment day</translation>
        </message>
        <message>
            <source>Appointment time</source>
            <translation>Appointment time</translation>
        </message>
        <message>
            <source>Visitor's name</source>
            <translation>Visitor's name</translation>
        </message>
        <message>
            <source>Setting</source>
            <translation>Setting</translation>
        </message>
        <message>
            <source>The input</source>
            <translation>The input</translation>
        </message>
        <message>
            <source>%1 is too long: at most %2 characters.</source>
            <translation>%1 is too long: at most %2 characters.</translation>
        </message>
        <message>
            <source>%1 contains an invisible control character; remove it and try again.</source>
            <translation>%1 contains an invisible control character; remove it and try again.</translation>
        </message>
        <message>
            <source>%1 contains a broken character (such as half of an emoji); retype it.</source>
            <translation>%1 contains a broken character (such as half of an emoji); retype it.</translation>
        </message>
        <message>
            <source>%1 must lie in the years %2 to %3.</source>
            <translation>%1 must lie in the years %2 to %3.</translation>
        </message>
        <message>
            <source>A booking can be made at most %2 days ahead.</source>
            <translation>A booking can be made at most %2 days ahead.</translation>
        </message>
        <message>
            <source>%1 must be between %2 and %3.</source>
            <translation>%1 must be between %2 and %3.</translation>
        </message>
        <message>
            <source>%1 must be a valid date or time.</source>
            <translation>%1 must be a valid date or time.</translation>
        </message>
        <message>
            <source>%1 must be a whole number.</source>
            <translation>%1 must be a whole number.</translation>
        </message>
        <message>
            <source>%1 must be yes or no.</source>
            <translation>%1 must be yes or no.</translation>
        </message>
        <message>
            <source>%1 cannot be saved as given.</source>
            <translation>%1 cannot be saved as given.</translation>
        </message>
    </context>
    <context>
        <name>VoicePage</name>
        <message>
            <source>Voice in use</source>
            <translation>Voice in use</translation>
        </message>
        <message>
            <source>Calls on this PC:</source>
            <translation>Calls on this PC:</translation>
        </message>
        <message>
            <source>Speech engine:</source>
            <translation>Speech engine:</translation>
        </message>
        <message>
            <source>Recorded pack:</source>
            <translation>Recorded pack:</translation>
        </message>
        <message>
            <source>Hall displays:</source>
            <translation>Hall displays:</translation>
        </message>
        <message>
            <source>How calls are spoken</source>
            <translation>How calls are spoken</translation>
        </message>
        <message>
            <source> times</source>
            <translation> times</translation>
        </message>
        <message>
            <source>Slower (−) or faster (+) than the voice's normal speed</source>
            <translation>Slower (−) or faster (+) than the voice's normal speed</translation>
        </message>
        <message>
            <source>Name the service at the end (…窗口办理户籍业务)</source>
            <translation>Name the service at the end (…窗口办理户籍业务)</translation>
        </message>
        <message>
            <source>&amp;Voice:</source>
            <translation>&amp;Voice:</translation>
        </message>
        <message>
            <source>&amp;Engine voice:</source>
            <translation>&amp;Engine voice:</translation>
        </message>
        <message>
            <source>Say each &amp;call:</source>
            <translation>Say each &amp;call:</translation>
        </message>
        <message>
            <source>&amp;Speed:</source>
            <translation>&amp;Speed:</translation>
        </message>
        <message>
            <source>Vol&amp;ume:</source>
            <translation>Vol&amp;ume:</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Save</translation>
        </message>
        <message>
            <source>Save how calls are spoken</source>
            <translation>Save how calls are spoken</translation>
        </message>
        <message>
            <source>Test voice</source>
            <translation>Test voice</translation>
        </message>
        <message>
            <source>&amp;Test voice</source>
            <translation>&amp;Test voice</translation>
        </message>
        <message>
            <source>Say this call on this PC as a hall display would (with the choices above, saved or not)</source>
            <translation>Say this call on this PC as a hall display would (with the choices above, saved or not)</translation>
        </message>
        <message>
            <source>Tic&amp;ket:</source>
            <translation>Tic&amp;ket:</translation>
        </message>
        <message>
            <source>&amp;Window:</source>
            <translation>&amp;Window:</translation>
        </message>
        <message>
            <source>A script can check the voice too: onestop voice test --ticket A012 --window 3 --out call.wav</source>
            <translation>A script can check the voice too: onestop voice test --ticket A012 --window 3 --out call.wav</translation>
        </message>
        <message>
            <source>Automatic (the best Mandarin voice found)</source>
            <translation>Automatic (the best Mandarin voice found)</translation>
        </message>
        <message>
            <source>%1 (not on this PC)</source>
            <translation>%1 (not on this PC)</translation>
        </message>
        <message>
            <source>No Mandarin voice on this PC. On Debian, UOS or Kylin: sudo apt install speech-dispatcher speech-dispatcher-espeak-ng (the .deb and tools/system-deps.sh bring them); on Windows: add the Chinese (Simplified) speech pack in Settings › Time &amp; language › Speech.</source>
            <translation>No Mandarin voice on this PC. On Debian, UOS or Kylin: sudo apt install speech-dispatcher speech-dispatcher-espeak-ng (the .deb and tools/system-deps.sh bring them); on Windows: add the Chinese (Simplified) speech pack in Settings › Time &amp; language › Speech.</translation>
        </message>
        <message>
            <source>complete: %1 phrases</source>
            <translation>complete: %1 phrases</translation>
        </message>
        <message>
            <source>%1 of %2 phrases recorded; missing: %3</source>
            <translation>%1 of %2 phrases recorded; missing: %3</translation>
        </message>
        <message>
            <source>No hall display has started yet.</source>
            <translation>No hall display has started yet.</translation>
        </message>
        <message>
            <source>%1: %2 (since %3)</source>
            <translation>%1: %2 (since %3)</translation>
        </message>
        <message>
            <source>Saved. The hall displays take it up within a minute.</source>
            <translation>Saved. The hall displays take it up within a minute.</translation>
        </message>
        <message>
            <source>Saying 「%1」 with %2.</source>
            <translation>Saying 「%1」 with %2.</translation>
        </message>
    </context>
    <context>
        <name>WindowDialog</name>
        <message>
            <source>New window</source>
            <translation>New window</translation>
        </message>
        <message>
            <source>Edit window %1</source>
            <translation>Edit window %1</translation>
        </message>
        <message>
            <source>In &amp;use</source>
            <translation>In &amp;use</translation>
        </message>
        <message>
            <source>&amp;Number:</source>
            <translation>&amp;Number:</translation>
        </message>
        <message>
            <source>N&amp;ame:</source>
            <translation>N&amp;ame:</translation>
        </message>
        <message>
            <source>&amp;Description:</source>
            <translation>&amp;Description:</translation>
        </message>
        <message>
            <source>Services served at this window</source>
            <translation>Services served at this window</translation>
        </message>
    </context>
    <context>
        <name>WindowsScreen</name>
        <message>
            <source>Service windows</source>
            <translation>Service windows</translation>
        </message>
        <message>
            <source>No.</source>
            <translation>No.</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>Window</translation>
        </message>
        <message>
            <source>Services</source>
            <translation>Services</translation>
        </message>
        <message>
            <source>Description</source>
            <translation>Description</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>&amp;New window…</source>
            <translation>&amp;New window…</translation>
        </message>
        <message>
            <source>Queue services (ticket letters)</source>
            <translation>Queue services (ticket letters)</translation>
        </message>
        <message>
            <source>Letter</source>
            <translation>Letter</translation>
        </message>
        <message>
            <source>Service</source>
            <translation>Service</translation>
        </message>
        <message>
            <source>Served at windows</source>
            <translation>Served at windows</translation>
        </message>
        <message>
            <source>New &amp;service…</source>
            <translation>New &amp;service…</translation>
        </message>
    </context>
</TS>
