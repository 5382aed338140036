using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using SupervisionFlow.Web.Features.Tasks.Steps;

namespace SupervisionFlow.Web.Features.Tasks;

/// <summary>
/// The few field shapes the task forms use, rendered the same way everywhere: a <c>.form-row</c> with its label, the
/// control named after the domain form's field, and the Chinese error beside it. Every text is HTML-encoded.
/// </summary>
public static class FormFieldsHtml
{
    private static string E(string? text) => Shared.WebPages.Html.Encode(text ?? "");

    /// <summary>
    /// A step's declared field, shown by its kind with its own label, limits and hint. What only the page knows is
    /// given here: the starting <paramref name="value"/> (or selection), options from the database, a hint or
    /// requirement that depends on the task.
    /// </summary>
    public static IHtmlContent Field(
        this FormModel form, StepField field, string? value = null, IEnumerable<(string Value, string Text)>? options = null, string? hint = null, bool? required = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        hint ??= field.Hint;
        var isRequired = required ?? field.Required;
        return field.Kind switch
        {
            FieldKind.Text => form.Input(field.Name, field.Label, value, required: isRequired, hint: hint, maxLength: field.MaxLength),
            FieldKind.Date => form.Input(field.Name, field.Label, value, type: "date", required: isRequired, hint: hint),
            FieldKind.Number => form.Input(field.Name, field.Label, value, type: "number", required: isRequired, hint: hint),
            FieldKind.TextArea => form.TextArea(field.Name, field.Label, value, required: isRequired, hint: hint, rows: field.Rows),
            FieldKind.Choice => form.Choices(field.Name, field.Label, options ?? field.Options, value, hint: hint),
            FieldKind.MultipleChoice => form.Choices(field.Name, field.Label, options ?? field.Options, value, multiple: true, hint: hint),
            FieldKind.Select => form.Select(field.Name, field.Label, options ?? field.Options, value, required: isRequired, hint: hint),
            FieldKind.Files => form.Files(field.Name, field.Label, field.Accept ?? "", hint),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field.Kind, "unknown field kind"),
        };
    }

    public static IHtmlContent Input(this FormModel form, string field, string label, string? value = null, string type = "text", bool required = true, string? hint = null, int maxLength = 200)
    {
        ArgumentNullException.ThrowIfNull(form);
        var html = new StringBuilder();
        Open(html, form, field, label, labelFor: true);
        html.Append($"<input type=\"{E(type)}\" id=\"f-{E(field)}\" name=\"{E(field)}\" value=\"{E(form.Value(field, value))}\"");
        if (type == "text")
        {
            html.Append($" maxlength=\"{maxLength}\"");
        }
        html.Append(required ? " required" : "").Append(" />");
        return Close(html, form, field, hint);
    }

    public static IHtmlContent TextArea(this FormModel form, string field, string label, string? value = null, bool required = true, string? hint = null, int rows = 5)
    {
        ArgumentNullException.ThrowIfNull(form);
        var html = new StringBuilder();
        Open(html, form, field, label, labelFor: true);
        html.Append($"<textarea id=\"f-{E(field)}\" name=\"{E(field)}\" rows=\"{rows}\"{(required ? " required" : "")}>{E(form.Value(field, value))}</textarea>");
        return Close(html, form, field, hint);
    }

    /// <summary>Radio buttons (one choice) or check boxes (<paramref name="multiple"/>), values are codes, texts Chinese.</summary>
    public static IHtmlContent Choices(this FormModel form, string field, string label, IEnumerable<(string Value, string Text)> options, string? selected = null, bool multiple = false, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        var html = new StringBuilder();
        Open(html, form, field, label, labelFor: false);
        html.Append("<div class=\"choices\" role=\"group\">");
        foreach (var (value, text) in options)
        {
            var isChecked = form.IsChecked(field, value, byDefault: selected is not null && selected.Split(',').Contains(value));
            html.Append($"<label><input type=\"{(multiple ? "checkbox" : "radio")}\" name=\"{E(field)}\" value=\"{E(value)}\"{(isChecked ? " checked" : "")} /> {E(text)}</label>");
        }
        html.Append("</div>");
        return Close(html, form, field, hint);
    }

    public static IHtmlContent YesNo(this FormModel form, string field, string label, string yes = "是", string no = "否", string? hint = null) =>
        form.Choices(field, label, [("true", yes), ("false", no)], hint: hint);

    public static IHtmlContent Select(this FormModel form, string field, string label, IEnumerable<(string Value, string Text)> options, string? selected = null, bool required = true, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        var html = new StringBuilder();
        Open(html, form, field, label, labelFor: true);
        var current = form.Value(field, selected);
        html.Append($"<select id=\"f-{E(field)}\" name=\"{E(field)}\"{(required ? " required" : "")}><option value=\"\">请选择</option>");
        foreach (var (value, text) in options)
        {
            html.Append($"<option value=\"{E(value)}\"{(value == current ? " selected" : "")}>{E(text)}</option>");
        }
        html.Append("</select>");
        return Close(html, form, field, hint);
    }

    /// <summary>A file picker for several files; the form page posts as multipart so the files reach the domain form.</summary>
    public static IHtmlContent Files(this FormModel form, string field, string label, string accept, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        var html = new StringBuilder();
        Open(html, form, field, label, labelFor: true);
        html.Append($"<input type=\"file\" id=\"f-{E(field)}\" name=\"{E(field)}\" multiple accept=\"{E(accept)}\" />");
        if (form.HadFiles)
        {
            // Browsers never refill a file input: say so rather than let the files silently drop.
            hint = (hint is null ? "" : hint + "。") + "提交未成功，请重新选择附件";
        }
        return Close(html, form, field, hint);
    }

    private static void Open(StringBuilder html, FormModel form, string field, string label, bool labelFor)
    {
        html.Append($"<div class=\"{form.RowClass(field)}\" data-field=\"{E(field)}\">");
        html.Append(labelFor ? $"<label for=\"f-{E(field)}\">{E(label)}</label>" : $"<span class=\"label\">{E(label)}</span>");
    }

    private static HtmlString Close(StringBuilder html, FormModel form, string field, string? hint)
    {
        if (hint is not null)
        {
            html.Append($"<span class=\"hint\">{E(hint)}</span>");
        }
        using var writer = new StringWriter();
        form.ErrorFor(field).WriteTo(writer, Shared.WebPages.Html);
        html.Append(writer).Append("</div>");
        return new HtmlString(html.ToString());
    }
}
