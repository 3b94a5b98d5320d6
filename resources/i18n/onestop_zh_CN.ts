<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>App</name>
        <message>
            <source>OneStop — Error</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>An unexpected error occurred. It has been written to the log file:
%1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>OneStop</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Areas</name>
        <message>
            <source>Administration</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>ChangePasswordDialog</name>
        <message>
            <source>Change password</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Current password:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>New password:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Confirm new password:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The two passwords differ.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>DatabaseDialog</name>
        <message>
            <source>OneStop — Database connection</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>OneStop could not open its database.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>For a center with several PCs, enter the PostgreSQL server, for example
postgresql://onestop:PASSWORD@192.168.1.10:5432/onestop
For a single PC, use the local database file.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Test connection</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Use the &amp;local database on this PC</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Database &amp;URL:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connection works.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Fields</name>
        <message>
            <source>User name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Full name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Password</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Role</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Window number</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Ticket letter</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Case number abbreviation</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Capacity</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Closing time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Parent category</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <source>OneStop — Sign in</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>One-stop comprehensive service center workbench</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;User name:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sign in</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>%1 — OneStop</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;File</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Change &amp;password…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sign &amp;out</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Language</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Help</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;About OneStop</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>User: %1 (%2)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Window %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Local database (SQLite)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Server database (PostgreSQL)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Language</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The new language is used from the next start of OneStop.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>About OneStop</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>OneStop %1
Workbench of the one-stop comprehensive service center.

Data: %2
Logs: %3</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Messages</name>
        <message>
            <source>Unexpected error: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 must not be empty.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 must be between %2 and %3.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The password must have at least %1 characters.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The password must contain both letters and digits.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 has an invalid format.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>You cannot disable your own account or change your own role.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Categories have two levels only.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The closing time must be after the opening time.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 is too long (at most %2 characters).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 is not valid.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Wrong user name or password.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Wrong user name or password. %1 attempts left before the account is locked.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This account is locked after too many wrong passwords. Try again after %1.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This account is disabled. Ask an administrator.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your role may not do this.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 “%2” already exists.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The record was not found (%1 %2). It may have been removed.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This record is still in use and cannot be removed.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Someone else changed this record since you opened it. Your input is kept; reload to see their change.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The database cannot be reached: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This database was written by a newer version of OneStop (schema %1). Install the newer version to open it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>OneStop</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>SetupWizard</name>
        <message>
            <source>OneStop — First-run setup</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Welcome to OneStop</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This database is new. The next two steps set up your center: its name and the abbreviation used in case numbers, opening hours, and the first administrator account.

The 17 service windows, the mediation rooms, departments, petition categories, dispute types and the official holiday calendar are filled in with sensible defaults that the administrator can change later.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your center</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Case numbers look like （2026）虎信字第034号, where 虎 is the abbreviation.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>e.g. 虎丘镇一站式综合服务中心</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Center &amp;name:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Case number &amp;abbreviation:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Opens at:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Closes at:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>First administrator</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The administrator adds the other staff accounts afterwards.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;User name:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Full &amp;name:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Confirm password:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>At least 8 characters, with letters and digits.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The two passwords differ.</source>
            <translation type="unfinished" />
        </message>
    </context>
</TS>
