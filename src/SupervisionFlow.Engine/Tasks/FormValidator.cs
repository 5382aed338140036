using System.Text.Json;
using System.Text.Json.Nodes;
using SupervisionFlow.Engine.Model;
using SupervisionFlow.Engine.Timers;

namespace SupervisionFlow.Engine.Tasks;

/// <summary>Checks submitted variables against a user task's <c>camunda:formData</c> fields.</summary>
internal static class FormValidator
{
    /// <summary>Throws <see cref="EngineValidationException"/> naming every field that is missing or of the wrong type.</summary>
    public static void Validate(UserTaskNode task, JsonObject? submitted, IReadOnlyDictionary<string, JsonNode?> existing)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new Dictionary<string, FormFieldProblem>(StringComparer.Ordinal);
        foreach (var field in task.FormFields)
        {
            var label = field.Label ?? field.Id;
            JsonNode? value = null;
            var given = submitted is not null && submitted.TryGetPropertyValue(field.Id, out value);
            if (!given)
            {
                value = existing.GetValueOrDefault(field.Id);
            }
            if (IsEmpty(value))
            {
                if (field.Required)
                {
                    errors[field.Id] = $"“{label}”为必填项 ({field.Id} is required)";
                    problems[field.Id] = new FormFieldProblem(EngineErrorCodes.FieldRequired, label);
                }
                continue;
            }
            if (given && TypeProblem(field, value!) is { } problem)
            {
                errors[field.Id] = $"“{label}”{problem.Text}";
                problems[field.Id] = new FormFieldProblem(problem.Code, label, problem.Code == EngineErrorCodes.FieldNotInEnum
                    ? [.. field.EnumValues.Select(v => v.Id)]
                    : null);
            }
        }
        if (errors.Count > 0)
        {
            throw new EngineValidationException(
                $"The form of task '{task.Name ?? task.Id}' is not valid: {string.Join("; ", errors.Values)}", errors,
                EngineErrorCodes.FormInvalid, task.Id, problems);
        }
    }

    private static bool IsEmpty(JsonNode? value) =>
        value is null || (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(JsonSerializer.Deserialize<string>(v.ToJsonString())));

    private static (string Code, string Text)? TypeProblem(FormField field, JsonNode value)
    {
        var kind = value.GetValueKind();
        switch (field.Type)
        {
            case FormFieldType.String:
                return kind == JsonValueKind.String ? null : (EngineErrorCodes.FieldNotText, "必须是文本 (must be a string)");
            case FormFieldType.Long:
                return kind == JsonValueKind.Number && double.IsInteger(double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)) ? null : (EngineErrorCodes.FieldNotWholeNumber, "必须是整数 (must be a whole number)");
            case FormFieldType.Boolean:
                return kind is JsonValueKind.True or JsonValueKind.False ? null : (EngineErrorCodes.FieldNotBoolean, "必须是“是”或“否” (must be true or false)");
            case FormFieldType.Date:
                return kind == JsonValueKind.String && TimerSchedule.TryParseDate(JsonSerializer.Deserialize<string>(value.ToJsonString())!, out _) ? null : (EngineErrorCodes.FieldNotDate, "必须是日期 (must be an ISO date)");
            case FormFieldType.Enum:
                var text = kind == JsonValueKind.String ? JsonSerializer.Deserialize<string>(value.ToJsonString())! : null;
                return text is not null && field.EnumValues.Any(v => v.Id == text)
                    ? null
                    : (EngineErrorCodes.FieldNotInEnum, $"必须是以下之一 (must be one of): {string.Join(", ", field.EnumValues.Select(v => v.Id))}");
            default:
                return null;
        }
    }
}
