using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Handling.Forms;

namespace SupervisionFlow.Web.Features.Tasks;

/// <summary>Reading the posted form: its fields as the steps read them and its files.</summary>
public sealed partial class FormModel
{
    /// <summary>Form fields as the domain forms read them: one value as text, several (check boxes) as an array.</summary>
    private JsonObject ReadForm()
    {
        var values = new JsonObject();
        foreach (var (key, value) in Request.Form)
        {
            if (key == "__RequestVerificationToken")
            {
                continue;
            }
            values[key] = value.Count > 1
                ? new JsonArray([.. value.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => (JsonNode?)v)])
                : value.ToString();
        }
        return values;
    }

    /// <summary>The files of the post; an empty file input (no file chosen) sends a nameless part, which is skipped.</summary>
    private async Task<List<UploadedFile>> ReadFilesAsync(CancellationToken cancellationToken)
    {
        var files = new List<UploadedFile>();
        if (!Request.HasFormContentType)
        {
            return files;
        }
        foreach (var file in Request.Form.Files)
        {
            if (file.Length == 0 && string.IsNullOrEmpty(file.FileName))
            {
                continue;
            }
            using var buffer = new MemoryStream((int)Math.Min(file.Length, AttachmentRules.MaxFileBytes + 1));
            await file.CopyToAsync(buffer, cancellationToken);
            files.Add(new UploadedFile(file.FileName, buffer.ToArray()));
        }
        return files;
    }
}
