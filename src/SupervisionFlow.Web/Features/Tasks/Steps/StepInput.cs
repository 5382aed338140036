using SupervisionFlow.Web.Domain.Handling.Forms;

namespace SupervisionFlow.Web.Features.Tasks.Steps;

/// <summary>Reads a declared field with its own name, label and limits; <c>required</c> overrides the usual rule for one case.</summary>
public static class StepInput
{
    public static string? Text(this FormInput input, StepField field, bool? required = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(field);
        return input.Text(field.Name, field.Label, required ?? field.Required, field.MaxLength);
    }

    public static DateOnly? Date(this FormInput input, StepField field, bool? required = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(field);
        return input.Date(field.Name, field.Label, required ?? field.Required);
    }

    public static bool? Bool(this FormInput input, StepField field, bool? required = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(field);
        return input.Bool(field.Name, field.Label, required ?? field.Required);
    }

    public static int? Int(this FormInput input, StepField field, bool? required = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(field);
        return input.Int(field.Name, field.Label, required ?? field.Required);
    }

    /// <summary>One of the field's own options, or of <paramref name="allowed"/> when the options come from elsewhere.</summary>
    public static string? Choice(this FormInput input, StepField field, IReadOnlyCollection<string>? allowed = null, bool? required = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(field);
        return input.Choice(field.Name, field.Label, allowed ?? field.Values, required ?? field.Required);
    }

    public static TEnum? Enum<TEnum>(this FormInput input, StepField field, bool? required = null)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(field);
        return input.Enum<TEnum>(field.Name, field.Label, required ?? field.Required);
    }

    public static IReadOnlyList<string> List(this FormInput input, StepField field)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(field);
        return input.List(field.Name);
    }
}
