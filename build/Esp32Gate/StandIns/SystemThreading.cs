// Reference stand-in for nanoFramework.System.Threading 1.1.52 (github nanoframework/System.Threading
// tag v1.1.52: CancellationTokenSource.cs, CancellationToken.cs); Thread and Timer are in mscorlib.
namespace System.Threading
{
    public struct CancellationToken
    {
        public bool IsCancellationRequested
        {
            get { throw new NotSupportedException("stand-in"); }
        }
    }

    public class CancellationTokenSource : IDisposable
    {
        public CancellationTokenSource()
        {
        }

        public CancellationTokenSource(int millisecondsDelay)
        {
        }

        public CancellationToken Token
        {
            get { throw new NotSupportedException("stand-in"); }
        }

        public void Cancel()
        {
        }

        public void Dispose()
        {
        }
    }
}
