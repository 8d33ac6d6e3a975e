Attribute VB_Name = "CareersCheck"
' Careers Plan add-in: the "Check plan" button.
'
' Looks at every action on every plan sheet and lists what needs attention on a sheet
' called "Check results", one line per problem, with a link you can click to jump to the
' cell. The rules (and their wording) are the same as the careers-xl "check" command:
'   - an action with no lead;
'   - an end point that is a real date, has passed, and the action is not Complete;
'   - an action marked Green or Complete with an empty evidence list.
' End points typed as words ("Autumn 2", "Ongoing") are not dates, so they are never
' overdue. Nothing in your plan is changed: only the "Check results" sheet is rewritten.
Option Explicit

' Findings start on this row of the "Check results" sheet (rows above are the heading).
Private Const FIRST_FINDING_ROW As Long = 4

' Run the check on the workbook you are looking at and say how it went.
Public Sub CheckPlan()
    Dim found As Long
    found = CheckWorkbook()
    If found = 0 Then
        MsgBox "No problems found in the plan.", vbInformation, "Check plan"
    Else
        MsgBox found & " thing(s) to look at: see the '" & CHECK_SHEET & "' sheet." & vbCr & _
               "Click a link in column A to go to the cell.", vbExclamation, "Check plan"
    End If
End Sub

' Check a workbook (the active one if none is given) without any message boxes.
' Writes the "Check results" sheet and returns the number of problems found.
Public Function CheckWorkbook(Optional ByVal wb As Variant) As Long
    Dim book As Object, ws As Object, report As Object
    Dim headerRow As Long, nextRow As Long
    Set book = PlanBook(wb)
    Set report = ResultsSheet(book)
    nextRow = FIRST_FINDING_ROW
    For Each ws In book.Worksheets
        headerRow = FindHeaderRow(ws)
        If headerRow > 0 Then CheckSheet ws, headerRow, report, nextRow
    Next ws
    CheckWorkbook = nextRow - FIRST_FINDING_ROW
    report.Cells(2, 1).Value = "Checked on " & Format$(Date, "d mmm yyyy") & ": " & _
                               CheckWorkbook & " problem(s) found."
End Function

' The "Check results" sheet, emptied and given its headings (added at the end if missing).
Private Function ResultsSheet(ByVal book As Object) As Object
    Dim report As Object
    Set report = FindSheet(book, CHECK_SHEET)
    If report Is Nothing Then
        Set report = book.Worksheets.Add(, book.Worksheets(book.Worksheets.Count))
        report.Name = CHECK_SHEET
    End If
    report.Cells.Clear
    report.Cells(1, 1).Value = "Careers plan check"
    report.Cells(1, 1).Font.Bold = True
    report.Cells(3, 1).Value = "Go to"
    report.Cells(3, 2).Value = "Problem"
    report.Cells(3, 3).Value = "Action"
    report.Cells(3, 4).Value = "Sheet"
    report.Cells(3, 5).Value = "Cell"
    report.Range("A3:E3").Font.Bold = True
    report.Columns(1).ColumnWidth = 28
    report.Columns(2).ColumnWidth = 50
    report.Columns(3).ColumnWidth = 60
    Set ResultsSheet = report
End Function

' Check every action of one plan sheet, adding a line to the report for each problem.
Private Sub CheckSheet(ByVal ws As Object, ByVal headerRow As Long, ByVal report As Object, _
                       ByRef nextRow As Long)
    Dim r As Long, p As Long, actionCol As Long, leadCol As Long, endCol As Long
    Dim ragCol As Long, evidenceCol As Long, action As String, rag As String
    Dim endValue As Variant
    For r = headerRow + 1 To LastUsedRow(ws)
        For p = 1 To PeriodCount(ws, headerRow)
            actionCol = RoleColumn(ws, headerRow, p, "action")
            action = CellText(ws.Cells(r, actionCol))
            If action <> "" Then
                leadCol = RoleColumn(ws, headerRow, p, "lead")
                endCol = RoleColumn(ws, headerRow, p, "end")
                ragCol = RoleColumn(ws, headerRow, p, "rag")
                evidenceCol = RoleColumn(ws, headerRow, p, "evidence")
                rag = ""
                If ragCol > 0 Then rag = RagLabel(CellText(ws.Cells(r, ragCol)))

                If leadCol > 0 Then
                    If CellText(ws.Cells(r, leadCol)) = "" Then
                        AddFinding report, nextRow, ws.Cells(r, leadCol), CHECK_EMPTY_LEAD, action
                    End If
                End If
                If endCol > 0 And rag <> RAG_COMPLETE Then
                    endValue = ws.Cells(r, endCol).Value
                    If VarType(endValue) = vbDate Then
                        If endValue < Date Then
                            AddFinding report, nextRow, ws.Cells(r, endCol), CHECK_OVERDUE, action
                        End If
                    End If
                End If
                If evidenceCol > 0 And (rag = RAG_GREEN Or rag = RAG_COMPLETE) Then
                    If CellText(ws.Cells(r, evidenceCol)) = "" Then
                        AddFinding report, nextRow, ws.Cells(r, evidenceCol), _
                                   Replace(CHECK_GREEN_NO_EVIDENCE, "{rag}", rag), action
                    End If
                End If
            End If
        Next p
    Next r
End Sub

' One line of the report: a clickable link to the cell, the problem and the action.
Private Sub AddFinding(ByVal report As Object, ByRef nextRow As Long, ByVal cell As Object, _
                       ByVal problem As String, ByVal action As String)
    Dim where As String
    where = "'" & Replace(cell.Worksheet.Name, "'", "''") & "'!" & cell.Address(False, False)
    report.Cells(nextRow, 1).Formula = "=HYPERLINK(""#" & Replace(where, """", """""") & _
                                       """,""" & Replace(where, """", """""") & """)"
    report.Cells(nextRow, 2).Value = problem
    report.Cells(nextRow, 3).Value = action
    report.Cells(nextRow, 4).Value = cell.Worksheet.Name
    report.Cells(nextRow, 5).Value = cell.Address(False, False)
    nextRow = nextRow + 1
End Sub
