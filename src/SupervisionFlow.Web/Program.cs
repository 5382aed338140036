using SupervisionFlow.Web;
using SupervisionFlow.Web.EngineHost;
using SupervisionFlow.Web.Features.EngineApi;

var builder = WebApplication.CreateBuilder(args);
builder.AddSupervisionFlow();

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
