// Reference stand-ins for nanoFramework.System.IO.Streams 1.1.96 (System.IO.Stream; github
// nanoframework/System.IO.Streams tag v1.1.96, Stream.cs) and nanoFramework.System.IO.FileSystem 1.1.93 (github
// nanoframework/System.IO.FileSystem tag v1.1.93: File.cs, Directory.cs, FileStream.cs, FileMode.cs,
// FileAccess.cs, DirectoryInfo.cs). Only what FlashFileStore calls. Never run.
namespace System.IO
{
    public enum FileMode
    {
        CreateNew = 1,
        Create = 2,
        Open = 3,
        OpenOrCreate = 4,
        Truncate = 5,
        Append = 6,
    }

    [Flags]
    public enum FileAccess
    {
        Read = 1,
        Write = 2,
        ReadWrite = 3,
    }

    public abstract class Stream : MarshalByRefObject, IDisposable
    {
        public abstract long Length { get; }

        public abstract int Read(byte[] buffer, int offset, int count);

        public abstract void Write(byte[] buffer, int offset, int count);

        public abstract void Flush();

        public void Dispose()
        {
        }
    }

    public class FileStream : Stream
    {
        public FileStream(string path, FileMode mode, FileAccess access)
        {
        }

        public override long Length
        {
            get { throw new NotSupportedException("stand-in"); }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            throw new NotSupportedException("stand-in");
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            throw new NotSupportedException("stand-in");
        }

        public override void Flush()
        {
            throw new NotSupportedException("stand-in");
        }
    }

    public abstract class FileSystemInfo
    {
    }

    public sealed class DirectoryInfo : FileSystemInfo
    {
        public DirectoryInfo(string path)
        {
        }
    }

    public static class File
    {
        public static bool Exists(string path)
        {
            throw new NotSupportedException("stand-in");
        }

        public static void Delete(string path)
        {
            throw new NotSupportedException("stand-in");
        }
    }

    public static class Directory
    {
        public static bool Exists(string path)
        {
            throw new NotSupportedException("stand-in");
        }

        public static DirectoryInfo CreateDirectory(string path)
        {
            throw new NotSupportedException("stand-in");
        }
    }
}
