using System;
using System.Collections;
using System.Collections.Generic;
using Microsoft.Build.Framework;

namespace RustPgo.Sdk.Tests.Infrastructure;

/// <summary>An MSBuild engine for running one task in a unit test: it records what the task logged.</summary>
public sealed class RecordingEngine : IBuildEngine
{
    public List<BuildErrorEventArgs> Errors { get; } = new();
    public List<BuildWarningEventArgs> Warnings { get; } = new();
    public List<string> Lines { get; } = new();
    public string Text => string.Join("\n", Lines);
    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 0;
    public int ColumnNumberOfTaskNode => 0;
    public string ProjectFileOfTaskNode => "test.proj";
    public void LogErrorEvent(BuildErrorEventArgs e) { lock (Lines) { Errors.Add(e); Lines.Add($"error {e.Code}: {e.Message}"); } }
    public void LogWarningEvent(BuildWarningEventArgs e) { lock (Lines) { Warnings.Add(e); Lines.Add($"warning {e.Code}: {e.Message}"); } }
    public void LogMessageEvent(BuildMessageEventArgs e) { lock (Lines) Lines.Add(e.Message ?? ""); }
    public void LogCustomEvent(CustomBuildEventArgs e) { }
    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => throw new NotSupportedException();
}
