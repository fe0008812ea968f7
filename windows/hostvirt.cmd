@echo off
rem hostvirt launcher for Windows: finds the jar and a Java runtime and passes the arguments and the
rem exit code through untouched. setlocal keeps our variables out of the caller's console.
setlocal
set "HERE=%~dp0"
set "JAR="
if defined HOSTVIRT_JAR set "JAR=%HOSTVIRT_JAR%"
if not defined JAR if exist "%HERE%..\lib\hostvirt.jar" set "JAR=%HERE%..\lib\hostvirt.jar"
if not defined JAR if exist "%HERE%hostvirt.jar" set "JAR=%HERE%hostvirt.jar"
if not defined JAR if exist "%HERE%..\target\hostvirt.jar" set "JAR=%HERE%..\target\hostvirt.jar"
if not defined JAR (
  echo hostvirt: cannot find hostvirt.jar next to %HERE% 1>&2
  exit /b 2
)
set "JAVA=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA=%JAVA_HOME%\bin\java.exe"
rem wsl.exe writes UTF-16LE unless told otherwise; hostvirt reads its output as UTF-8 with this set.
set "WSL_UTF8=1"
"%JAVA%" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+DisplayVMOutputToStderr -Xlog:disable -Xlog:all=error:stderr -jar "%JAR%" %*
exit /b %ERRORLEVEL%
