namespace SupervisionFlow.Web.EngineHost;

/// <summary>Section <c>Engine</c>, the host's part (the engine's own settings bind to <c>EngineOptions</c>).</summary>
public sealed class EngineHostOptions
{
    public const string Section = "Engine";

    /// <summary>Folder whose <c>*.bpmn</c> files are deployed at start-up, relative to the content root.</summary>
    public string WorkflowsPath { get; set; } = "workflows";
}
