using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Html;
using SupervisionFlow.Engine.Model;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.Tasks;

/// <summary>What the form's page parts (the steps' views) call to show values, errors and labels.</summary>
public sealed partial class FormModel
{
    /// <summary>The step's view data as the type its page part expects, or null.</summary>
    public T? View<T>()
        where T : class => StepView as T;

    public string? Text(string variable) => Task.Variables[variable] is JsonValue v ? v.ToString() : null;

    /// <summary>The submitted value of a field, else <paramref name="fallback"/>.</summary>
    public string Value(string field, string? fallback = null) =>
        Values[field] is JsonNode node ? node is JsonArray a ? string.Join(",", a.Select(x => x?.ToString())) : node.ToString() : fallback ?? "";

    public bool IsChecked(string field, string value, bool byDefault = false) =>
        Values.Count == 0 ? byDefault
        : Values[field] switch
        {
            JsonArray a => a.Any(x => x?.ToString() == value),
            JsonNode n => n.ToString() == value,
            _ => false,
        };

    public string RowClass(string field) => Errors.ContainsKey(field) ? "form-row has-error" : "form-row";

    /// <summary>The field's Chinese error, or nothing.</summary>
    public IHtmlContent ErrorFor(string field) =>
        Errors.TryGetValue(field, out var message)
            ? new HtmlString($"<span class=\"field-error\" id=\"error-{Shared.WebPages.Html.Encode(field)}\">{Shared.WebPages.Html.Encode(message)}</span>")
            : HtmlString.Empty;

    public string UnitName(string? id) => id is null ? "" : UnitNames.GetValueOrDefault(id, id);

    public static string Date(DateOnly? date) => date?.ToString("yyyy年M月d日", CultureInfo.InvariantCulture) ?? "";

    public static string KindLabel(SuggestionKind kind) => kind == SuggestionKind.Session ? "大会建议" : "闭会建议";

    public static string RoleLabel(UnitRole role) => role switch
    {
        UnitRole.Lead => "主办",
        UnitRole.Co => "会办",
        _ => "分办",
    };

    public static string TypeLabel(FormFieldType type) => type switch
    {
        FormFieldType.Long => "整数",
        FormFieldType.Date => "日期",
        _ => "",
    };
}
