using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.EngineHost;
using SupervisionFlow.Web.Features.EngineApi;
using SupervisionFlow.Web.Scheduling;

var builder = WebApplication.CreateBuilder(args);

builder.AddDatabase();
builder.AddProcessEngine();
builder.AddScheduling();
builder.AddEngineApi();

var app = builder.Build();

app.UseEngineApiErrors();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi();
app.MapEngineApi();

await app.InitializeEngineAsync();
await app.RunAsync();

/// <summary>The host's entry point; public so <c>WebApplicationFactory&lt;Program&gt;</c> can start it in tests.</summary>
public partial class Program;
