namespace Fixture.Controller.Workflow;

/// <summary>A progress sink that runs on the reporting thread (the socket's loop), unlike Progress&lt;T&gt;, which posts.</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
