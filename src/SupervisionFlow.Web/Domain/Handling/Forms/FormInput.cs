using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Calendar;

namespace SupervisionFlow.Web.Domain.Handling.Forms;

/// <summary>
/// Reads submitted form values, collecting a Chinese message per invalid field instead of stopping at the first,
/// so the user sees every problem at once. Call <see cref="ThrowIfInvalid"/> before changing anything.
/// </summary>
public sealed class FormInput(JsonObject values)
{
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);

    public JsonObject Values => values;

    public IReadOnlyDictionary<string, string> Errors => _errors;

    public void Fail(string field, string message) => _errors.TryAdd(field, message);

    public string? Text(string field, string label, bool required = true, int maxLength = 4000)
    {
        var text = Raw(field)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                Fail(field, $"请填写“{label}”");
            }
            return null;
        }
        if (text.Length > maxLength)
        {
            Fail(field, $"“{label}”不能超过 {maxLength} 个字");
        }
        return text;
    }

    public DateOnly? Date(string field, string label, bool required = true)
    {
        var text = Raw(field);
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                Fail(field, $"请填写“{label}”");
            }
            return null;
        }
        if (!ChinaTime.TryParseDate(text, out var date))
        {
            Fail(field, $"“{label}”不是有效日期（例如 2026-03-15）");
            return null;
        }
        return date;
    }

    public bool? Bool(string field, string label, bool required = true)
    {
        var node = values[field];
        if (node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return v.GetValueKind() == JsonValueKind.True;
        }
        var text = Raw(field);
        switch (text?.Trim().ToLowerInvariant())
        {
            case "true" or "on" or "yes" or "是":
                return true;
            case "false" or "off" or "no" or "否":
                return false;
            case null or "" when !required:
                return null;
            default:
                Fail(field, $"请选择“{label}”");
                return null;
        }
    }

    public int? Int(string field, string label, bool required = true)
    {
        var text = Raw(field);
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                Fail(field, $"请填写“{label}”");
            }
            return null;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            Fail(field, $"“{label}”必须是整数");
            return null;
        }
        return number;
    }

    /// <summary>A value that must be one of <paramref name="allowed"/> (codes, not labels).</summary>
    public string? Choice(string field, string label, IReadOnlyCollection<string> allowed, bool required = true)
    {
        var text = Raw(field)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                Fail(field, $"请选择“{label}”");
            }
            return null;
        }
        if (!allowed.Contains(text))
        {
            Fail(field, $"“{label}”必须是以下之一：{string.Join("、", allowed)}");
            return null;
        }
        return text;
    }

    public TEnum? Enum<TEnum>(string field, string label, bool required = true)
        where TEnum : struct, Enum
    {
        var text = Choice(field, label, System.Enum.GetNames<TEnum>(), required);
        return text is null ? null : System.Enum.Parse<TEnum>(text);
    }

    /// <summary>A list given as a JSON array or a comma-separated text.</summary>
    public IReadOnlyList<string> List(string field)
    {
        return values[field] switch
        {
            JsonArray array => array.Select(n => n?.ToString().Trim() ?? "").Where(s => s.Length > 0).Distinct().ToList(),
            var other => (other?.ToString() ?? "").Split([',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList(),
        };
    }

    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw new HandlingValidationException("表单有误：" + string.Join("；", _errors.Values), _errors);
        }
    }

    private string? Raw(string field) => values[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        var node => node.ToJsonString().Trim('"'),
    };
}
