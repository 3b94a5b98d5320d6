<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
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
    </context>
    <context>
        <name>Areas</name>
        <message>
            <source>Administration</source>
            <translation>Administration</translation>
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
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>%1 — OneStop</source>
            <translation>%1 — OneStop</translation>
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
            <source>The database cannot be reached: %1</source>
            <translation>The database cannot be reached: %1</translation>
        </message>
        <message>
            <source>This database was written by a newer version of OneStop (schema %1). Install the newer version to open it.</source>
            <translation>This database was written by a newer version of OneStop (schema %1). Install the newer version to open it.</translation>
        </message>
        <message>
            <source>OneStop</source>
            <translation>OneStop</translation>
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
            <source>The two passwords differ.</source>
            <translation>The two passwords differ.</translation>
        </message>
    </context>
</TS>
