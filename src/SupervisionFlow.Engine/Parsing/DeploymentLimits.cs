namespace SupervisionFlow.Engine.Parsing;

/// <summary>
/// Bounds on one BPMN file, checked by a streaming pass before the file is loaded into a tree, so an oversized or
/// deeply nested file costs a read of its bytes and nothing more.
/// </summary>
internal sealed record DeploymentLimits(long MaxBytes, int MaxElements, int MaxDepth, int MaxSubProcessDepth)
{
    /// <summary>For re-reading definitions already deployed: they passed the limits of their day.</summary>
    public static DeploymentLimits None { get; } = new(long.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue);
}
