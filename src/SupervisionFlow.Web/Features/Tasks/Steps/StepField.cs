namespace SupervisionFlow.Web.Features.Tasks.Steps;

/// <summary>How a field is shown; what it is read as is the step's choice (a check box may be read as a yes/no).</summary>
public enum FieldKind
{
    Text,
    TextArea,
    Date,
    Number,
    Choice,
    MultipleChoice,
    Select,
    Files,
}

/// <summary>
/// One field of a step: its form name, its Chinese label (shown on the page and named in its errors) and its limits.
/// <see cref="Required"/> is the field's usual rule; a step may require it only in some cases when it reads it.
/// </summary>
public sealed record StepField(string Name, string Label, FieldKind Kind = FieldKind.Text)
{
    public bool Required { get; init; } = true;

    public int MaxLength { get; init; } = 4000;

    public int Rows { get; init; } = 5;

    public string? Hint { get; init; }

    /// <summary>The fixed choices (code, Chinese text); lists from the database are given where the field is shown.</summary>
    public IReadOnlyList<(string Value, string Text)> Options { get; init; } = [];

    /// <summary>For <see cref="FieldKind.Files"/>: the file types the picker offers.</summary>
    public string? Accept { get; init; }

    public IReadOnlyList<string> Values => [.. Options.Select(o => o.Value)];

    /// <summary>A yes/no question shown as two radio buttons with the step's own wording.</summary>
    public static StepField YesNo(string name, string label, string yes = "是", string no = "否") =>
        new(name, label, FieldKind.Choice) { Options = [("true", yes), ("false", no)] };
}
