; Inno Setup script for CaseFile on Windows (run by tools/build_app.py when iscc is on PATH):
;   iscc /DAppVersion=0.1.0 /DSourceDir=dist\casefile /DOutputDir=dist /DIconFile=build\icons\casefile.ico casefile.iss
; Per-user install by default (no admin rights needed), a Start menu entry, and .casezip opened by CaseFile.
; Tesseract is not bundled: the self-test (Help > Check installation) says where to get it.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6C2F7A52-3D0B-4C1E-9B7A-CA5EF11E0001}
AppName=CaseFile
AppVersion={#AppVersion}
AppPublisher=The CaseFile developers
AppPublisherURL=https://casefile.app/
DefaultDirName={autopf}\CaseFile
DefaultGroupName=CaseFile
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir={#OutputDir}
OutputBaseFilename=CaseFile-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\CaseFile.exe
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
LicenseFile={#SourceDir}\LICENSE
WizardStyle=modern

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\CaseFile"; Filename: "{app}\CaseFile.exe"
Name: "{group}\Check CaseFile installation"; Filename: "{cmd}"; Parameters: "/k ""{app}\casefile-cli.exe"" self-test"
Name: "{group}\Uninstall CaseFile"; Filename: "{uninstallexe}"

[Registry]
Root: HKA; Subkey: "Software\Classes\.casezip"; ValueType: string; ValueName: ""; ValueData: "CaseFile.Archive"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\CaseFile.Archive"; ValueType: string; ValueName: ""; ValueData: "CaseFile archive"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\CaseFile.Archive\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\CaseFile.exe,0"
Root: HKA; Subkey: "Software\Classes\CaseFile.Archive\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\CaseFile.exe"" ""%1"""

[Run]
Filename: "{app}\CaseFile.exe"; Description: "Open CaseFile"; Flags: nowait postinstall skipifsilent
