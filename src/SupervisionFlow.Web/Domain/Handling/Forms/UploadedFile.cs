namespace SupervisionFlow.Web.Domain.Handling.Forms;

/// <summary>A file sent with a task form, already read into memory (the request size limit bounds it).</summary>
public sealed record UploadedFile(string FileName, byte[] Content);
